package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.spark.HadoopFiles;

class CheckpointStoreTest {
  @TempDir Path dir;
  private final HadoopFiles files = new HadoopFiles(new Configuration());

  private CheckpointStore store() {
    return new CheckpointStore(files, dir.toString());
  }

  private String publish(long step, String content) throws Exception {
    return store().publish(step, tmp -> {
      files.writeString(tmp + "/model.safetensors", content);
      files.writeString(tmp + "/trainer_state.json", "{\"step\":" + step + "}");
    });
  }

  @Test
  void publishesWithChecksumsAndLeavesNoTemporaries() throws Exception {
    String path = publish(10, "weights");
    assertThat(path).isEqualTo(dir + "/step-10");
    assertThat(Files.readString(Path.of(path, CheckpointStore.CHECKSUMS)))
        .contains(" 7 model.safetensors\n").contains(" trainer_state.json\n");
    try (var list = Files.list(dir)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("step-10");
    }
    assertThat(store().latestComplete()).hasValue(dir + "/step-10");
  }

  @Test
  void skipsANewerCheckpointWithoutChecksums() throws Exception {
    publish(10, "a");
    Path half = Files.createDirectories(dir.resolve("step-20"));
    Files.writeString(half.resolve("model.safetensors"), "partial");
    assertThat(store().latestComplete()).hasValue(dir + "/step-10");
    assertThat(store().problem(half.toString())).hasValue("no CHECKSUMS.sha256");
  }

  @Test
  void skipsANewerCheckpointWhoseFileWasDamaged() throws Exception {
    publish(10, "a");
    String newer = publish(20, "bbbb");
    Files.writeString(Path.of(newer, "model.safetensors"), "bbbc");
    // The local file system's own .crc check may catch the damage first; either way it is refused.
    assertThat(store().problem(newer)).hasValueSatisfying(p -> assertThat(p).startsWith("file model.safetensors "));
    assertThat(store().latestComplete()).hasValue(dir + "/step-10");
  }

  @Test
  void skipsANewerCheckpointWithAMissingFile() throws Exception {
    publish(10, "a");
    String newer = publish(20, "b");
    Files.delete(Path.of(newer, "trainer_state.json"));
    assertThat(store().latestComplete()).hasValue(dir + "/step-10");
  }

  @Test
  void aFailedWriteLeavesNothingBehind() throws Exception {
    try {
      store().publish(5, tmp -> {
        files.writeString(tmp + "/model.safetensors", "x");
        throw new java.io.IOException("disk full");
      });
    } catch (java.io.IOException expected) {
      assertThat(expected).hasMessage("disk full");
    }
    try (var list = Files.list(dir)) {
      assertThat(list.toList()).isEmpty();
    }
    assertThat(store().latestComplete()).isEmpty();
  }

  @Test
  void retainKeepsTheNewestCompleteCheckpoints() throws Exception {
    publish(10, "a");
    publish(20, "b");
    publish(30, "c");
    store().retain(2);
    assertThat(store().steps()).containsExactly(30L, 20L);
  }

  @Test
  void republishingAStepReplacesIt() throws Exception {
    publish(10, "old");
    String path = publish(10, "new");
    assertThat(Files.readString(Path.of(path, "model.safetensors"))).isEqualTo("new");
    assertThat(store().latestComplete()).hasValue(path);
  }
}

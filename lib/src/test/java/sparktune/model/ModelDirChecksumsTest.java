package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.testing.TinyGpt2;

/** A model directory's checksums.sha256, as coreutils' sha256sum writes it, is verified before the weights are read. */
class ModelDirChecksumsTest {
  @TempDir Path tmp;

  private Path modelWithSha256sum() throws Exception {
    Path dir = TinyGpt2.write(tmp.resolve("model"), 16, 8, 3, 0.2);
    Process p = new ProcessBuilder("sha256sum", "config.json", "model.safetensors").directory(dir.toFile())
        .redirectOutput(dir.resolve("checksums.sha256").toFile()).start();
    assertThat(p.waitFor()).isZero();
    return dir;
  }

  private static String recorded(Path dir, String file) throws Exception {
    return Files.readAllLines(dir.resolve("checksums.sha256")).stream().filter(l -> l.endsWith("  " + file)).findFirst().orElseThrow()
        .substring(0, 64);
  }

  @Test
  void aDirectoryThatMatchesItsChecksumsLoads() throws Exception {
    Path dir = modelWithSha256sum();
    try (NDManager m = NDManager.newBaseManager()) {
      assertThat(HfModelDir.load(dir.toString(), null, m).config().vocabSize()).isEqualTo(16);
    }
  }

  @Test
  void aFlippedByteStopsTheLoadNamingDirectoryFileAndBothHashes() throws Exception {
    Path dir = modelWithSha256sum();
    Path weights = dir.resolve("model.safetensors");
    byte[] b = Files.readAllBytes(weights);
    b[b.length - 3] ^= 0x10;
    Files.write(weights, b);
    String actual = ModelDirChecksums.sha256(Files.newInputStream(weights));

    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> HfModelDir.load("file:" + dir, null, m))
          .isInstanceOf(ModelDirChecksums.Damaged.class)
          .hasMessage("Damaged model directory file:" + dir + ": model.safetensors has sha256 " + actual + " but checksums.sha256 records "
              + recorded(dir, "model.safetensors"));
    }
  }

  @Test
  void aMissingListedFileAndAMalformedLineAreNamed() throws Exception {
    Path dir = modelWithSha256sum();
    String sum = recorded(dir, "config.json");
    Files.delete(dir.resolve("config.json"));
    assertThatThrownBy(() -> ModelDirChecksums.verify(dir.toString(), (org.apache.hadoop.conf.Configuration) null))
        .hasMessage("Damaged model directory " + dir + ": config.json is missing (checksums.sha256 records sha256 " + sum + ")");

    Files.writeString(dir.resolve("checksums.sha256"), "not a checksum line\n");
    assertThatThrownBy(() -> ModelDirChecksums.verify(dir.toString(), (org.apache.hadoop.conf.Configuration) null))
        .hasMessage("Damaged model directory " + dir + ": line 1 of checksums.sha256 is not '<sha256>  <file>': not a checksum line");
  }
}

package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model directories behind a Hadoop file system URI go through HadoopFiles. */
class HfModelDirHadoopTest {
  @TempDir Path tmp;

  @Test
  void savesAndLoadsThroughAHadoopFileSystem() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.stlocal.impl", SchemeLocalFileSystem.class.getName());
    conf.setBoolean("fs.stlocal.impl.disable.cache", true);
    Golden g = Golden.load();
    Files.writeString(tmp.resolve("vocab.json"), "{}");
    String uri = "stlocal://" + tmp.resolve("ckpt");
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load("stlocal://" + g.dir, conf, manager);
      HfModelDir.save(model, uri, SafetensorsDtype.F32, "stlocal://" + tmp, conf);
      assertThat(tmp.resolve("ckpt/model.safetensors")).exists();
      assertThat(HfModelDir.tokenizerFiles(uri, conf)).containsExactly("vocab.json");
      Gpt2Model back = HfModelDir.load(uri, conf, manager);
      assertThat(back.toTensors().get(5).data()).containsExactly(model.toTensors().get(5).data());
    }
  }

  @Test
  void remoteDirectoriesNeedAHadoopConfiguration() {
    assertThatThrownBy(() -> HfModelDir.readConfig("s3a://bucket/model", null))
        .hasMessage("Model directory s3a://bucket/model is not local: a Hadoop Configuration is needed");
  }
}

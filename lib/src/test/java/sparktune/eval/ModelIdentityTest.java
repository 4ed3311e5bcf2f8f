package sparktune.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.EvalConfig;
import sparktune.spark.HadoopFiles;

class ModelIdentityTest {
  @TempDir
  Path tmp;

  private final HadoopFiles files = new HadoopFiles(new Configuration());

  @Test
  void oneWeightsFileIsIdentifiedByItsSha256AsSha256sumPrintsIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(dir.resolve("model.safetensors"), "abc");
    Files.writeString(dir.resolve("config.json"), "{}");
    assertThat(ModelIdentity.sha256(files, dir.toString())).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    Files.writeString(copy.resolve("model.safetensors"), "abc");
    assertThat(ModelIdentity.sha256(files, copy.toString())).isEqualTo(ModelIdentity.sha256(files, dir.toString()));
  }

  @Test
  void shardedWeightsAreIdentifiedByTheirSha256sumLinesInNameOrder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("sharded"));
    Files.writeString(dir.resolve("model-00002-of-00002.safetensors"), "def");
    Files.writeString(dir.resolve("model-00001-of-00002.safetensors"), "abc");
    String lines = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  model-00001-of-00002.safetensors\n"
        + sha256("def") + "  model-00002-of-00002.safetensors\n";
    assertThat(ModelIdentity.sha256(files, dir.toString())).isEqualTo(sha256(lines));
  }

  @Test
  void aDirectoryWithoutWeightsIsAnError() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> ModelIdentity.sha256(files, dir.toString()))
        .hasMessage("No .safetensors weights in " + dir + " (expected model.safetensors or its shards)");
  }

  @Test
  void settingsKeysAreCanonicalAndChangeWithEverySettingTheValuesDependOn() {
    EvalConfig a = ConfigLoader.load((Path) null, List.of()).eval();
    EvalConfig longer = ConfigLoader.load((Path) null, List.of("eval.max-new-tokens=65", "eval.batch-size=3")).eval();
    String greedy = "{\"name\":\"greedy\",\"strategy\":\"greedy\"}";
    assertThat(EvalKeys.generation(a, "greedy", greedy)).isEqualTo(
        "{\"decoding\":{\"name\":\"greedy\",\"strategy\":\"greedy\"},\"embedding-model\":\"\",\"fixed-prompts\":[],\"kind\":\"generation\","
            + "\"max-new-tokens\":64,\"prompt-tokens\":16,\"prompts\":8}");
    assertThat(EvalKeys.generation(longer, "greedy", greedy)).isNotEqualTo(EvalKeys.generation(a, "greedy", greedy));
    assertThat(EvalKeys.perplexity(longer, "")).as("batch size changes speed, not values").isEqualTo(EvalKeys.perplexity(a, ""));
    assertThat(EvalKeys.perplexity(a, "")).isEqualTo("{\"entropy-sha256\":\"\",\"kind\":\"perplexity\",\"stride\":0}");
  }

  private static String sha256(String s) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}

package sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.model.ModelDirChecksums;
import sparktune.run.Checkpoints;
import sparktune.spark.HadoopFiles;
import sparktune.testing.TinyGpt2;

/** {@code generate} verifies a checkpoint's checksums before loading it; a directory without them loads as before. */
class DamagedCheckpointTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Cli().run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  @Test
  void generateRefusesACheckpointWithAFlippedByteNamingTheFileAndBothHashes() throws Exception {
    Path model = TinyGpt2.write(tmp.resolve("model"), 64, 5, 0.3);
    Path checkpoint = Path.of(new Checkpoints(new HadoopFiles(new Configuration()), tmp.resolve("checkpoints").toString()).publish(3, model));
    Path weights = checkpoint.resolve("model.safetensors");
    String expected = ModelDirChecksums.sha256(Files.newInputStream(weights));
    byte[] b = Files.readAllBytes(weights);
    b[b.length - 7] ^= 0x40;
    Files.write(weights, b);
    String actual = ModelDirChecksums.sha256(Files.newInputStream(weights));

    assertThat(run("generate", "--model", checkpoint.toString(), "--prompt", "Hello", "--max-new-tokens", "2")).isEqualTo(1);

    String message = "Damaged model directory " + checkpoint + ": model.safetensors has sha256 " + actual + " but checksums.sha256 records " + expected;
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("sparktune generate failed: " + message + "\n");
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode summary = new ObjectMapper().readTree(lines[0]);
    assertThat(summary.get("status").asText()).isEqualTo("failed");
    assertThat(summary.get("error").asText()).isEqualTo(message);

    // The same bytes without checksums.sha256, as a Hub download has none, load unverified.
    Files.delete(checkpoint.resolve("checksums.sha256"));
    out.reset();
    assertThat(run("generate", "--model", checkpoint.toString(), "--prompt", "Hello", "--max-new-tokens", "2")).isZero();
  }
}

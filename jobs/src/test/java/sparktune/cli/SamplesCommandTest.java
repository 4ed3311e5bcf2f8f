package sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.jobs.JobSummary;

class SamplesCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path tmp;

  private int run(String... args) {
    return new Cli().run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  @Test
  void writesEverySourceAndPrintsASummaryLine() {
    Path dir = tmp.resolve("samples");
    assertThat(run("samples", "--out", dir.toString(), "--size", "100kB", "--seed", "7")).as(err.toString()).isZero();
    for (String p : new String[] {"wikibooks.sqlite", "lyrics-csv/lyrics.csv", "classics/info.csv", "lyrics/Los Niños/datasets.json",
        "entropy.jsonl", "samples.json"}) {
      assertThat(dir.resolve(p)).exists();
    }
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonNode summary = JobSummary.parse(lines[lines.length - 1]);
    assertThat(summary.get("job").asText()).isEqualTo("samples");
    assertThat(summary.get("status").asText()).isEqualTo("ok");
    assertThat(summary.get("seed").asLong()).isEqualTo(7);
    assertThat(summary.get("size_bytes").asLong()).isEqualTo(100_000);
    assertThat(summary.get("sources").fieldNames()).toIterable().containsExactly("wikibooks", "classics", "lyrics", "lyrics-csv");
    assertThat(summary.get("bytes").asLong()).isGreaterThanOrEqualTo(100_000);
  }

  @Test
  void sizeDefaultsToTheConfigKeyAndSetOverridesIt() throws Exception {
    Path dir = tmp.resolve("s");
    assertThat(run("samples", "--out", dir.toString(), "--set", "samples.size=60kB")).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("samples.json"))).contains("\"size_bytes\" : 60000");
  }

  @Test
  void badSizeExitsTwoNamingTheOptionAndValue() {
    assertThat(run("samples", "--out", tmp.toString(), "--size", "5XB")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sparktune samples: Invalid --size: 5XB (must be a size such as 5MB)");
    assertThat(tmp.resolve("wikibooks.sqlite")).doesNotExist();
  }

  @Test
  void sizeBelowTheMinimumExitsTwo() {
    assertThat(run("samples", "--out", tmp.toString(), "--size", "10")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Invalid --size: 10 (must be 10000..");
  }

  @Test
  void missingOutExitsTwo() {
    assertThat(run("samples", "--size", "1MB")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sparktune samples: samples needs --out DIR");
  }
}

package sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.testing.TinyGpt2;

class GenerateCommandTest {
  @TempDir
  static Path tmp;

  private static Path model;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void writeModel() throws Exception {
    model = TinyGpt2.write(tmp.resolve("tiny"), 64, 5, 0.3);
  }

  private int run(String... args) {
    return new Cli().run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private JsonNode stats() throws Exception {
    String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }

  @Test
  void printsThePromptAndItsContinuationAndStatistics() throws Exception {
    assertThat(run("generate", "--model", model.toString(), "--prompt", "Hello world", "--max-new-tokens", "5")).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("Hello world").hasSizeGreaterThan("Hello world\n".length());
    JsonNode s = stats();
    assertThat(s.get("new_tokens").asInt()).isBetween(0, 5);
    assertThat(s.get("cache").asBoolean()).isTrue();
    assertThat(s.get("decoding").get("strategy").asText()).isEqualTo("greedy");
  }

  @Test
  void theSameSeedGivesTheSameTextWithAndWithoutTheCache() throws Exception {
    String[] base = {"generate", "--model", model.toString(), "--prompt", "Once", "--max-new-tokens", "8", "--strategy", "sample",
        "--top-k", "40", "--temperature", "0.9", "--seed", "7"};
    assertThat(run(base)).isZero();
    String first = out.toString(StandardCharsets.UTF_8);
    out.reset();
    String[] noCache = java.util.Arrays.copyOf(base, base.length + 1);
    noCache[base.length] = "--no-cache";
    assertThat(run(noCache)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(first);
    assertThat(stats().get("cache").asBoolean()).isFalse();
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("generate", "--prompt", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sparktune generate: generate needs --model DIR and --prompt TEXT");
    err.reset();
    assertThat(run("generate", "--model", model.toString(), "--prompt", "x", "--strategy", "beam", "--num-beams", "1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sparktune generate: Invalid decoding 'beam' num-beams: 1 (must be >= 2 for beam search)");
  }
}

package sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Cli().run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsEveryCommandOnStdoutAndExitsZero() {
    assertThat(run("--help")).isZero();
    for (String c : new String[] {"samples", "demo", "ingest", "clean", "split", "tokenize", "prepare", "train", "evaluate", "generate", "pipeline", "bench"}) {
      assertThat(out()).containsPattern("(?m)^  " + c + " ");
    }
    assertThat(err()).isEmpty();
  }

  @Test
  void noArgumentsPrintsUsageToStderrAndExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).startsWith("Usage: sparktune <command>");
  }

  @Test
  void unknownCommandExitsTwoWithUsage() {
    assertThat(run("fly")).isEqualTo(2);
    assertThat(err()).startsWith("sparktune: unknown command 'fly'\nUsage: sparktune");
  }

  @Test
  void unknownFlagExitsTwoNamingTheFlag() {
    assertThat(run("split", "--fast")).isEqualTo(2);
    assertThat(err()).startsWith("sparktune split: Unknown option --fast for 'split'\nUsage: sparktune split");
  }

  @Test
  void benchTrainRefusesAVocabularyOutOfRangeBeforeRunning() {
    assertThat(run("bench", "train", "--vocab", "3")).isEqualTo(2);
    assertThat(err()).contains("Invalid --vocab: 3 (must be an integer in 16..1000000)");
    assertThat(out()).contains("\"status\":\"failed\"").doesNotContain("tokens_per_s");
  }

  @Test
  void optionWithoutValueExitsTwo() {
    assertThat(run("split", "--conf")).isEqualTo(2);
    assertThat(err()).contains("Option --conf needs a value");
  }

  @Test
  void commandHelpShowsItsOptions() {
    assertThat(run("train", "--help")).isZero();
    assertThat(out()).contains("Usage: sparktune train").contains("[--resume]");
  }

  @Test
  void badConfigExitsTwoWithTheMessage() {
    Cli cli = new Cli().add(new StageCommandProbe());
    int code = cli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "probe", "--set", "tokenize.block-size=3");
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("Invalid tokenize.block-size: 3 (must be 8..8192)");
  }

  /** A command that only loads the config, to test config error handling without Spark. */
  private static final class StageCommandProbe implements Command {
    @Override
    public String name() {
      return "probe";
    }

    @Override
    public String summary() {
      return "loads the config";
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
      sparktune.config.ConfigLoader.load(args.conf(), args.sets());
      return 0;
    }
  }
}

package sparktune.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import sparktune.config.ConfigError;
import sparktune.jobs.JobSummary;
import sparktune.jobs.Stages;
import sparktune.natives.TorchLogLevel;
import sparktune.natives.TorchNatives;

/**
 * {@code sparktune <command> [--conf FILE] [--set key=value ...] [--master URL] [options]}.
 * Exit codes: 0 success, 1 the job failed, 2 a usage or configuration error (printed with its cause).
 * A failing command's last stdout line is its failed JSON summary.
 */
public final class Cli {
  private final Map<String, Command> commands = new LinkedHashMap<>();

  public Cli() {
    add(new SamplesCommand());
    add(new DemoCommand());
    add(new StageCommand("ingest", "read every configured source into <warehouse>/documents", List.of("ingest"), Set.of()));
    add(new StageCommand("clean", "normalize, filter and dedup documents into clean/ and rejects/", List.of("clean"), Set.of()));
    add(new StageCommand("split", "assign each clean document to train or test", List.of("split"), Set.of()));
    add(new StageCommand("tokenize", "tokenize and pack clean text into shards/{train,test}", List.of("tokenize"), Set.of()));
    add(new StageCommand("prepare", "ingest -> clean -> split -> tokenize", Stages.PREPARE, Set.of()));
    add(new StageCommand("train", "train or fine-tune a GPT-2 (--resume continues the run)", List.of("train"), Set.of("resume", "resume-from-last-good")));
    add(new StageCommand("evaluate", "perplexity and generation metrics into <warehouse>/eval and a report", List.of("evaluate"), Set.of()));
    add(new GenerateCommand());
    add(new StageCommand("pipeline", "every stage, from sources to the evaluation report", Stages.PIPELINE, Set.of("resume", "resume-from-last-good")));
    add(new BenchCommand());
  }

  /** Registers or replaces a command. */
  public Cli add(Command command) {
    commands.put(command.name(), command);
    return this;
  }

  public static void main(String[] args) {
    TorchNatives.selectForThisNode();
    Cli cli = new Cli();
    Command command = args.length > 0 ? cli.commands.get(args[0]) : null;
    if (command != null && command.usesTorch() && !Arrays.asList(args).contains("--help")) {
      TorchLogLevel.apply();
    }
    System.exit(cli.run(System.out, System.err, args));
  }

  /**
   * Runs one command and returns its exit code. Whenever the code is not 0, the last line on
   * {@code out} is a failed summary ({@code {"job", "status": "failed", "error", ...}}): the one the
   * failing job printed, or one printed here with the error message.
   */
  public int run(PrintStream out, PrintStream err, String... args) {
    long start = System.nanoTime();
    LastLineOut tracked = LastLineOut.over(out);
    PrintStream stdout = tracked.printStream();
    String[] error = {null};
    int code = dispatch(stdout, err, args, message -> error[0] = message);
    if (code != 0 && !JobSummary.isFailed(tracked.lastLine())) {
      String job = args.length > 0 && commands.containsKey(args[0]) ? args[0] : "sparktune";
      stdout.println(JobSummary.failed(job, error[0] == null ? "exit code " + code : error[0], (System.nanoTime() - start) / 1e9, null));
    }
    stdout.flush();
    return code;
  }

  private int dispatch(PrintStream out, PrintStream err, String[] args, Consumer<String> failure) {
    if (args.length == 0) {
      failure.accept("no command given");
      err.print(usage());
      return 2;
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(usage());
      return 0;
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      failure.accept("unknown command '" + args[0] + "'");
      err.println("sparktune: unknown command '" + args[0] + "'");
      err.print(usage());
      return 2;
    }
    Arguments parsed;
    try {
      parsed = Arguments.parse(command.name(), Arrays.asList(args).subList(1, args.length), command.valueOptions(), command.flagOptions());
    } catch (UsageError e) {
      failure.accept(e.getMessage());
      err.println("sparktune " + command.name() + ": " + e.getMessage());
      err.print(commandUsage(command));
      return 2;
    }
    if (parsed.help()) {
      out.print(commandUsage(command));
      return 0;
    }
    try {
      return command.run(parsed, out, err);
    } catch (UsageError e) {
      failure.accept(e.getMessage());
      err.println("sparktune " + command.name() + ": " + e.getMessage());
      err.print(commandUsage(command));
      return 2;
    } catch (ConfigError e) {
      failure.accept(e.getMessage());
      err.println("sparktune " + command.name() + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      failure.accept(e.getMessage() == null ? e.toString() : e.getMessage());
      err.println("sparktune " + command.name() + " failed: " + e);
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        err.println("  caused by: " + c);
      }
      return 1;
    }
  }

  public String usage() {
    StringBuilder b = new StringBuilder();
    b.append("Usage: sparktune <command> [--conf FILE] [--set key=value ...] [--master URL] [options]\n\n");
    b.append("Commands:\n");
    for (Command c : commands.values()) {
      b.append(String.format("  %-10s %s%n", c.name(), c.summary()));
    }
    b.append("\nOptions for every command:\n");
    b.append("  --conf FILE        a HOCON config file (keys and defaults: conf/sparktune.conf)\n");
    b.append("  --set key=value    override one key; wins over --conf (repeatable)\n");
    b.append("  --master URL       Spark master (same as --set sparktune.spark.master=URL)\n");
    b.append("  --help             this text, or a command's options with 'sparktune <command> --help'\n");
    return b.toString();
  }

  private static String commandUsage(Command c) {
    StringBuilder b = new StringBuilder();
    b.append("Usage: sparktune ").append(c.name()).append(" [--conf FILE] [--set key=value ...] [--master URL]");
    c.valueOptions().stream().sorted().forEach(o -> b.append(" [--").append(o).append(" VALUE]"));
    c.flagOptions().stream().sorted().forEach(o -> b.append(" [--").append(o).append("]"));
    b.append("\n  ").append(c.summary()).append("\n");
    if (!c.help().isEmpty()) {
      b.append(c.help());
    }
    return b.toString();
  }
}

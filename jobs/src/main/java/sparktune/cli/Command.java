package sparktune.cli;

import java.io.PrintStream;
import java.util.Set;

/** One {@code sparktune} command. */
public interface Command {
  String name();

  /** One line for the usage list. */
  String summary();

  /** Options of this command that take a value (besides --conf, --set, --master). */
  default Set<String> valueOptions() {
    return Set.of();
  }

  /** Options of this command that take no value. */
  default Set<String> flagOptions() {
    return Set.of();
  }

  /** Extra usage lines for {@code sparktune <command> --help}. */
  default String help() {
    return "";
  }

  /** Whether the command runs PyTorch in this JVM: {@link Cli#main} then loads it first and sets its C++ log level. */
  default boolean usesTorch() {
    return true;
  }

  /** Runs the command; returns the process exit code. */
  int run(Arguments args, PrintStream out, PrintStream err) throws Exception;
}

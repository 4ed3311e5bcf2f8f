package sparktune.cli;

import java.io.PrintStream;

/** A command whose implementation is not part of this build: says so and exits 2. */
record MissingCommand(String name, String summary) implements Command {
  @Override
  public int run(Arguments args, PrintStream out, PrintStream err) {
    err.println("sparktune " + name + ": not available in this build");
    return 2;
  }
}

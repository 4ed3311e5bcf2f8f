package sparktune.cli;

/** A command line that cannot be run as written: printed with the usage, exit code 2. */
public final class UsageError extends RuntimeException {
  public UsageError(String message) {
    super(message);
  }
}

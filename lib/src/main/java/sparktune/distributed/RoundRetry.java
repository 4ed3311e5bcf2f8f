package sparktune.distributed;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Consumer;

/**
 * Runs one round (or a round's evaluation stage) with driver-side retries. Before each attempt it
 * waits until {@code needed} executors are registered (up to the timeout), because a barrier stage
 * cannot start with fewer slots; a failed attempt (a lost executor aborts a barrier stage) is retried up to
 * {@code retries} times. Attempts must be idempotent: the same round input gives the same result.
 */
public final class RoundRetry {
  /** One attempt of a round; {@code attempt} counts from 0. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run(int attempt) throws Exception;
  }

  /** A round that could not complete; the message says why and which setting bounds it. */
  public static final class RoundFailedException extends RuntimeException {
    public RoundFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final int needed;
  private final int retries;
  private final Duration timeout;
  private final Duration poll;
  private final IntSupplier executors;
  private final Consumer<String> log;

  /**
   * @param needed executors the round needs (train.workers)
   * @param retries attempts after the first (train.round-retries)
   * @param timeout how long to wait for {@code needed} executors before an attempt (train.round-timeout)
   * @param executors current number of registered executors
   */
  public RoundRetry(int needed, int retries, Duration timeout, Duration poll, IntSupplier executors, Consumer<String> log) {
    this.needed = needed;
    this.retries = retries;
    this.timeout = timeout;
    this.poll = poll;
    this.executors = executors;
    this.log = log;
  }

  /** Runs round {@code round}: {@link #run(String, Attempt)} named "Round r". */
  public <T> T run(int round, Attempt<T> attempt) throws InterruptedException {
    return run("Round " + round, attempt);
  }

  /**
   * Runs the attempts of a stage until one succeeds.
   *
   * @param what names the stage in logs and errors ("Round 3", "Evaluation after round 3")
   * @throws RoundFailedException when the executors do not return in time or every attempt failed
   */
  public <T> T run(String what, Attempt<T> attempt) throws InterruptedException {
    Exception last = null;
    for (int a = 0; a <= retries; a++) {
      awaitExecutors(what, a, last);
      try {
        return attempt.run(a);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        last = e;
        log.accept(what + " attempt " + (a + 1) + " of " + (retries + 1) + " failed: " + rootMessage(e));
      }
    }
    throw new RoundFailedException(what + " failed " + (retries + 1) + " times (train.round-retries = " + retries
        + "); last error: " + rootMessage(last), last);
  }

  private void awaitExecutors(String what, int attempt, Exception last) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int have = executors.getAsInt();
    if (have < needed) {
      log.accept(what + " attempt " + (attempt + 1) + ": " + have + " of " + needed + " executors registered; waiting up to " + timeout);
    }
    while (have < needed) {
      if (System.nanoTime() >= deadline) {
        throw new RoundFailedException(what + ": only " + have + " of " + needed + " executors (train.workers) registered after waiting "
            + timeout + " (train.round-timeout)" + (last == null ? "" : "; previous attempt failed: " + rootMessage(last)), last);
      }
      Thread.sleep(poll.toMillis());
      have = executors.getAsInt();
    }
  }

  static String rootMessage(Throwable e) {
    if (e == null) {
      return "none";
    }
    String first = String.valueOf(e.getMessage());
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String firstLine = first.lines().findFirst().orElse(first);
    return c == e ? firstLine : firstLine + " (cause: " + c + ")";
  }
}

package sparktune.distributed;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ensures at most one training task runs in an executor JVM at a time: DJL allows one gradient
 * collector per JVM. Two tasks meet in one JVM when an executor has more cores than a task
 * claims; the second fails with the settings to change.
 */
public final class TaskGuard implements AutoCloseable {
  private static final AtomicInteger RUNNING = new AtomicInteger();

  private TaskGuard() {}

  /** Claims this JVM for one training task; close to release. */
  public static TaskGuard enter(String what) {
    if (RUNNING.incrementAndGet() > 1) {
      RUNNING.decrementAndGet();
      throw new IllegalStateException(what + ": another training task is already running in executor JVM "
          + ProcessHandle.current().pid() + ". Give each executor one task: set spark.task.cpus equal to spark.executor.cores "
          + "(sparktune.spark.conf), since DJL allows one gradient collector per JVM");
    }
    return new TaskGuard();
  }

  @Override
  public void close() {
    RUNNING.decrementAndGet();
  }
}

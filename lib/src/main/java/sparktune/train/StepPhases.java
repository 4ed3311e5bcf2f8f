package sparktune.train;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the time of training steps goes, for the benchmark: wall time, CPU time of the calling
 * thread and CPU time of the whole process (PyTorch's intra-op threads included), summed per phase
 * over the steps a {@link TrainStep} ran while this was attached. On a CPU device every operation
 * has finished when the call that issued it returns, so a phase's time is the time of its kernels.
 */
public final class StepPhases {
  /** forward: ids to the final hidden states or logits; loss: LM head and loss where they are fused, else the loss; backward; optimizer: grad norm and update. */
  public enum Phase { FORWARD, LOSS, BACKWARD, OPTIMIZER }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Map<Phase, long[]> totals = new EnumMap<>(Phase.class);
  private long wall;
  private long thread;
  private long process;

  public StepPhases() {
    for (Phase p : Phase.values()) {
      totals.put(p, new long[3]);
    }
  }

  /** Starts timing the next phase. */
  void start() {
    wall = System.nanoTime();
    thread = THREADS.getCurrentThreadCpuTime();
    process = OS.getProcessCpuTime();
  }

  /** Adds the time since the last {@link #start} or {@link #end} to {@code phase} and starts the next. */
  void end(Phase phase) {
    long w = System.nanoTime();
    long t = THREADS.getCurrentThreadCpuTime();
    long p = OS.getProcessCpuTime();
    long[] sum = totals.get(phase);
    sum[0] += w - wall;
    sum[1] += t - thread;
    sum[2] += p - process;
    wall = w;
    thread = t;
    process = p;
  }

  /** Wall-clock nanoseconds spent in {@code phase}. */
  public long wallNanos(Phase phase) {
    return totals.get(phase)[0];
  }

  /** CPU nanoseconds of the training thread in {@code phase}. */
  public long threadCpuNanos(Phase phase) {
    return totals.get(phase)[1];
  }

  /** CPU nanoseconds of the whole process (all threads) in {@code phase}. */
  public long processCpuNanos(Phase phase) {
    return totals.get(phase)[2];
  }
}

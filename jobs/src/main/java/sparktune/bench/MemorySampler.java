package sparktune.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples this JVM's memory every few milliseconds on a daemon thread and keeps the peaks of the
 * current phase: resident set size (from {@code /proc/self/status}), Java heap in use, and native
 * memory, estimated as resident size minus the committed heap and non-heap (metaspace, code cache)
 * pools, which on this engine is mostly PyTorch tensors. Linux only; elsewhere the resident figures
 * are 0.
 */
final class MemorySampler implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final long PERIOD_MS = 20;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private long baselineRss;
  private long peakRss;
  private long peakHeap;
  private long peakNative;

  MemorySampler() {
    thread = new Thread(this::loop, "memory-sampler");
    thread.setDaemon(true);
    startPhase();
    thread.start();
  }

  /** Starts a new phase: forgets the peaks, after a GC so that dead heap does not count. */
  synchronized void startPhase() {
    System.gc();
    baselineRss = rss();
    peakRss = baselineRss;
    peakHeap = 0;
    peakNative = 0;
    sample();
  }

  /** Peaks since {@link #startPhase()}, in MiB: rss, rss growth over the phase start, heap, native. */
  synchronized Map<String, Object> endPhase() {
    sample();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rss_at_start_mb", baselineRss >> 20);
    m.put("peak_rss_mb", peakRss >> 20);
    m.put("peak_rss_growth_mb", (peakRss - baselineRss) >> 20);
    m.put("peak_heap_used_mb", peakHeap >> 20);
    m.put("peak_native_mb", peakNative >> 20);
    return m;
  }

  private void loop() {
    while (running) {
      synchronized (this) {
        sample();
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    long rss = rss();
    long heapUsed = memory.getHeapMemoryUsage().getUsed();
    long jvmCommitted = memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
    peakNative = Math.max(peakNative, Math.max(0, rss - jvmCommitted));
  }

  /** Resident set size in bytes, 0 where /proc is not available. */
  static long rss() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

package sparktune.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-round bytes each process of a distributed run read and wrote, as the kernel counts them
 * ({@code /proc/PID/io} {@code rchar} and {@code wchar}: every read and write system call, files and
 * sockets, page cache included), independently of the trainer's own accounting. Polls every 200 ms
 * the driver subprocess and the executor JVMs that each cluster worker launched (summed over the
 * executors a worker ran), and watches the driver's log: the line that announces the rounds opens
 * the first window, and each round's {@code train: {"round":...}} row closes one. A window therefore
 * holds a round's stage and, when due, its evaluation stage; a checkpoint after a row falls into the
 * next window. Linux only; elsewhere every figure is 0.
 */
final class NodeIoSampler implements AutoCloseable {
  private static final long PERIOD_MS = 200;

  private final Process driver;
  private final Path driverLog;
  private final List<Process> workers;
  private final Thread thread;
  private final Map<Long, long[]> lastByPid = new HashMap<>();
  private final Map<Long, String> nodeByPid = new HashMap<>();
  private final List<Map<String, long[]>> marks = new ArrayList<>();
  private long logPosition;
  private String partial = "";
  private volatile boolean running = true;

  NodeIoSampler(Process driver, Path driverLog, List<Process> clusterWorkers) {
    this.driver = driver;
    this.driverLog = driverLog;
    this.workers = List.copyOf(clusterWorkers);
    this.thread = new Thread(this::loop, "node-io-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      synchronized (this) {
        poll();
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void poll() {
    sample(driver.toHandle(), "driver");
    for (int i = 0; i < workers.size(); i++) {
      String node = "executors_of_worker_" + i;
      workers.get(i).descendants().forEach(h -> sample(h, node));
    }
    for (String line : newLogLines()) {
      if (line.startsWith("train: ") && (line.contains(" workers x ") && marks.isEmpty() || line.startsWith("train: {\"round\""))) {
        marks.add(totals());
      }
    }
  }

  private void sample(ProcessHandle h, String node) {
    long[] io = readIo(h.pid());
    if (io != null) {
      lastByPid.put(h.pid(), io);
      nodeByPid.put(h.pid(), node);
    }
  }

  /** Each node's bytes so far: the last counters of every process it ran. */
  private Map<String, long[]> totals() {
    Map<String, long[]> t = new LinkedHashMap<>();
    t.put("driver", new long[2]);
    for (int i = 0; i < workers.size(); i++) {
      t.put("executors_of_worker_" + i, new long[2]);
    }
    lastByPid.forEach((pid, io) -> {
      long[] sum = t.get(nodeByPid.get(pid));
      sum[0] += io[0];
      sum[1] += io[1];
    });
    return t;
  }

  private List<String> newLogLines() {
    List<String> lines = new ArrayList<>();
    if (!Files.exists(driverLog)) {
      return lines;
    }
    try (RandomAccessFile f = new RandomAccessFile(driverLog.toFile(), "r")) {
      if (f.length() <= logPosition) {
        return lines;
      }
      f.seek(logPosition);
      byte[] buf = new byte[(int) Math.min(f.length() - logPosition, 1 << 24)];
      f.readFully(buf);
      logPosition += buf.length;
      String text = partial + new String(buf, StandardCharsets.UTF_8);
      int last = text.lastIndexOf('\n');
      partial = text.substring(last + 1);
      if (last >= 0) {
        lines.addAll(text.substring(0, last).lines().toList());
      }
    } catch (IOException e) {
      return lines;
    }
    return lines;
  }

  /** {rchar, wchar} of a process, or null when it is gone or /proc is not there. */
  static long[] readIo(long pid) {
    try {
      long[] io = new long[2];
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "io"))) {
        if (line.startsWith("rchar:")) {
          io[0] = Long.parseLong(line.substring(6).trim());
        } else if (line.startsWith("wchar:")) {
          io[1] = Long.parseLong(line.substring(6).trim());
        }
      }
      return io;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * Per round (in order), per node: {@code read} and {@code written} bytes in that round's window.
   * Call after the driver has exited.
   */
  synchronized List<Map<String, Map<String, Long>>> rounds() {
    poll();
    List<Map<String, Map<String, Long>>> out = new ArrayList<>();
    for (int r = 1; r < marks.size(); r++) {
      Map<String, Map<String, Long>> round = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : marks.get(r).entrySet()) {
        long[] before = marks.get(r - 1).get(e.getKey());
        round.put(e.getKey(), Map.of("read", e.getValue()[0] - before[0], "written", e.getValue()[1] - before[1]));
      }
      out.add(round);
    }
    return out;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

package sparktune.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The round's synchronisation points as empty marker files in the attempt's folder: at its i-th
 * point a task creates {@code _sync/i/<worker>-<vote>} and polls the folder (every 2 ms at first,
 * at most every 50 ms) until N markers are there. Spark's {@code BarrierTaskContext.barrier()} checks
 * for completion once a second (Spark 3.5: a 1 s sleep between checks), which cost each of a
 * round's synchronisation points about a second; the markers cost a few file-system calls. The
 * tasks still run as a Spark barrier stage, which schedules them together and kills the others when
 * one fails; a task that waits longer than {@code spark.barrier.sync.timeout} fails.
 */
final class FileBarrier implements TaskBarrier {
  private static final String SYNC = "_sync";

  private final Configuration conf;
  private final String dir;
  private final int worker;
  private final int workers;
  private final long timeoutMillis;
  private int calls;

  /**
   * @param dir the attempt's folder (unique per attempt, so attempts never see each other's markers)
   */
  FileBarrier(Configuration conf, String dir, int worker, int workers) {
    this.conf = conf;
    this.dir = dir;
    this.worker = worker;
    this.workers = workers;
    SparkEnv env = SparkEnv.get();
    this.timeoutMillis = env == null ? 365L * 24 * 3600 * 1000 : env.conf().getTimeAsMs("spark.barrier.sync.timeout", "365d");
  }

  @Override
  public void await() {
    sync(true);
  }

  @Override
  public boolean all(boolean mine) {
    return sync(mine);
  }

  /** Marks this task's arrival with its vote and waits for all N; true when every vote is true. */
  private boolean sync(boolean vote) {
    calls++;
    Path point = new Path(dir + "/" + SYNC + "/" + calls);
    long start = System.nanoTime();
    try {
      FileSystem fs = point.getFileSystem(conf);
      fs.create(new Path(point, worker + "-" + vote), true).close();
      long sleep = 2;
      while (true) {
        List<String> marks = marks(fs, point);
        if (marks.size() >= workers) {
          return marks.stream().allMatch(m -> m.endsWith("-true"));
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (waited > timeoutMillis) {
          throw new IllegalStateException("Worker " + worker + " waited " + waited + " ms at synchronisation point " + calls + " in " + dir + ": "
              + marks.size() + " of " + workers + " tasks arrived (spark.barrier.sync.timeout)");
        }
        TaskContext ctx = TaskContext.get();
        if (ctx != null) {
          ctx.killTaskIfInterrupted();
        }
        Thread.sleep(sleep);
        sleep = Math.min(50, sleep * 2);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Worker " + worker + " at synchronisation point " + calls + " in " + dir + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Worker " + worker + " interrupted at synchronisation point " + calls + " in " + dir, e);
    }
  }

  /** Marker names (checksum and hidden files left out). */
  private static List<String> marks(FileSystem fs, Path point) throws IOException {
    List<String> out = new ArrayList<>();
    for (FileStatus s : fs.listStatus(point)) {
      String name = s.getPath().getName();
      if (!name.startsWith(".") && !name.startsWith("_")) {
        out.add(name);
      }
    }
    return out;
  }
}

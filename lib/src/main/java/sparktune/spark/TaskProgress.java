package sparktune.spark;

import java.io.PrintStream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * A console progress line with an ETA for the Spark tasks of one step of a job (for example the
 * perplexity pass of evaluate): counts the tasks of every stage submitted while it is open and
 * prints {@code <label>: done/total tasks (p%), elapsed, ETA} at most every few seconds. It also
 * names the step in the Spark UI (job description). Close it when the step's action returns.
 */
public final class TaskProgress extends SparkListener implements AutoCloseable {
  private static final long PRINT_EVERY_NANOS = 5_000_000_000L;

  private final SparkSession spark;
  private final String label;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long total;
  private long done;
  private long lastPrint;

  private TaskProgress(SparkSession spark, String label, PrintStream out) {
    this.spark = spark;
    this.label = label;
    this.out = out;
  }

  /** Starts counting; {@code label} also becomes the Spark job description. */
  public static TaskProgress start(SparkSession spark, String label, PrintStream out) {
    TaskProgress p = new TaskProgress(spark, label, out);
    spark.sparkContext().setJobDescription(label);
    spark.sparkContext().addSparkListener(p);
    return p;
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    total += event.stageInfo().numTasks();
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    done++;
    long now = System.nanoTime();
    if (now - lastPrint >= PRINT_EVERY_NANOS || done == total) {
      lastPrint = now;
      out.println(line(label, done, total, (now - start) / 1e9));
    }
  }

  /** {@code label: 3/8 tasks (38%), 12s elapsed, ETA 20s}. */
  static String line(String label, long done, long total, double elapsedSeconds) {
    long pct = total == 0 ? 0 : Math.round(100.0 * done / total);
    String eta = done == 0 || done >= total ? "" : ", ETA " + duration(elapsedSeconds / done * (total - done));
    return label + ": " + done + "/" + total + " tasks (" + pct + "%), " + duration(elapsedSeconds) + " elapsed" + eta;
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
    spark.sparkContext().setJobDescription(null);
  }
}

package sparktune.jobs;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SparktuneConfig;
import sparktune.spark.HadoopFiles;

/**
 * Runs a {@link Job} inside a session: times it, writes {@code _summary.json} beside its output and
 * prints the same JSON as the last stdout line. A failure prints a failed summary and rethrows;
 * nothing is written for a failed job.
 */
public final class JobRunner {
  private JobRunner() {}

  public static JobSummary run(String name, Job job, SparkSession spark, SparktuneConfig config, PrintStream out) throws Exception {
    long start = System.nanoTime();
    spark.sparkContext().setJobGroup(name, "sparktune " + name, false);
    try {
      JobSummary summary = job.execute(spark, config);
      double seconds = (System.nanoTime() - start) / 1e9;
      String json = summary.toJson("ok", seconds, config.toJson());
      if (summary.outputDir() != null) {
        HadoopFiles.of(spark).writeString(summary.outputDir() + "/_summary.json", json + "\n");
      }
      out.println(json);
      return summary;
    } catch (Exception | Error e) {
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println(JobSummary.failed(name, String.valueOf(e.getMessage()), seconds, config.toJson()));
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}

package sparktune.jobs;

import org.apache.spark.sql.SparkSession;
import sparktune.config.SparktuneConfig;

/** A pipeline stage: the one place with side effects. Returns its summary (counts, output dir). */
@FunctionalInterface
public interface Job {
  JobSummary execute(SparkSession spark, SparktuneConfig config) throws Exception;
}

package sparktune.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession shared by every test in a JVM (start-up costs seconds): Delta enabled,
 * UI off, few partitions, bound to 127.0.0.1.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("sparktune-test")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "4")
          .config("spark.ui.showConsoleProgress", "false")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}

package sparktune.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SparkSettings;
import sparktune.config.SparktuneConfig;

/**
 * Builds the SparkSession for a job from {@code sparktune.spark}: Delta enabled, small-machine
 * defaults, DJL offline on every executor, and the user's {@code sparktune.spark.conf} last (it wins).
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(SparktuneConfig config) {
    SparkSettings s = config.spark();
    // Under spark-submit the master and the application jar come from spark-submit itself.
    boolean submitted = System.getProperty("spark.master") != null;
    SparkSession.Builder b = SparkSession.builder().appName(s.appName());
    if (!submitted) {
      b.master(s.master());
    }
    b
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", s.shufflePartitions())
        // Delta's defaults assume a big cluster: 50 snapshot partitions cost seconds per query here.
        .config("spark.databricks.delta.snapshotPartitions", Math.max(1, Math.min(s.shufflePartitions(), 50)))
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", 4)
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        // Appended to whatever spark-submit or spark-defaults already set for executors.
        .config("spark.executor.extraJavaOptions", (System.getProperty("spark.executor.extraJavaOptions", "") + " " + JvmFlags.executorJavaOptions()).trim())
        .config("spark.executorEnv.OPT_OUT_TRACKING", "true")
        // OpenMP worker threads of PyTorch sleep rather than spin while waiting (see bin/sparktune).
        .config("spark.executorEnv.OMP_WAIT_POLICY", System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
    if (submitted) {
      // nothing to ship: spark-submit distributes the application jar
    } else if (s.isLocal()) {
      b.config("spark.ui.enabled", System.getProperty("sparktune.ui", "false"));
      b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    } else if (s.ship().equals("classpath")) {
      b.config("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    } else {
      findSparkJar().ifPresent(jar -> b.config("spark.jars", jar));
    }
    for (Map.Entry<String, String> e : s.conf().entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("sparktune.log.level", "WARN"));
    return spark;
  }

  /** The shaded jar built by {@code mvn package}, located next to the jobs classes when run from a checkout. */
  private static java.util.Optional<String> findSparkJar() {
    String explicit = System.getProperty("sparktune.jar");
    if (explicit != null) {
      return java.util.Optional.of(explicit);
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (p.endsWith(Path.of("jobs", "target", "classes"))) {
        try (var files = Files.list(p.getParent())) {
          return files.map(Path::toString).filter(n -> n.endsWith("-spark.jar")).findFirst();
        } catch (java.io.IOException e) {
          return java.util.Optional.empty();
        }
      }
      if (entry.endsWith("-spark.jar")) {
        return java.util.Optional.of(entry);
      }
    }
    return java.util.Optional.empty();
  }
}

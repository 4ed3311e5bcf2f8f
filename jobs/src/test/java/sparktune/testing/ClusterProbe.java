package sparktune.testing;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.spark.SparkSessions;

/**
 * A driver program for cluster tests: connects to the master given as its argument through
 * sparktune's own session set-up and prints the executor JVM pid of each of two tasks.
 */
public final class ClusterProbe {
  public static void main(String[] args) {
    SparktuneConfig config = ConfigLoader.load((java.nio.file.Path) null,
        List.of("sparktune.spark.master=\"" + args[0] + "\"", "sparktune.spark.ship=classpath",
            "sparktune.spark.conf.\"spark.executor.memory\"=512m"));
    SparkSession spark = SparkSessions.create(config);
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Long> pids = sc.parallelize(List.of(0, 1), 2)
          .rdd().toJavaRDD()
          .map(i -> {
            Thread.sleep(2000); // both tasks in flight at once, so they land on both executors
            return ProcessHandle.current().pid();
          })
          .collect();
      System.out.println("PIDS " + pids.get(0) + " " + pids.get(1) + " DRIVER " + ProcessHandle.current().pid());
    } finally {
      spark.stop();
    }
  }
}

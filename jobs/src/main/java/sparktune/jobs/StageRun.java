package sparktune.jobs;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SparktuneConfig;
import sparktune.corpus.InputCheck;
import sparktune.spark.SparkSessions;

/** Runs pipeline stages in one Spark session, each printing its JSON summary; several stages also print a combined one. */
public final class StageRun {
  private StageRun() {}

  /** Runs the named stages, which must exist, in one session. */
  public static int run(String name, List<String> stageNames, SparktuneConfig config, PrintStream out, PrintStream err) throws Exception {
    err.println("sparktune " + name + ": config " + config.toJson());
    InputCheck.beforeSpark(config, stageNames.contains("ingest"));
    SparkSession spark = SparkSessions.create(config);
    long start = System.nanoTime();
    Map<String, Object> results = new LinkedHashMap<>();
    try {
      for (String stage : stageNames) {
        Job job = Stages.find(stage).orElseThrow();
        JobSummary s = JobRunner.run(stage, job, spark, config, out);
        results.put(stage, s.counts());
      }
    } finally {
      spark.stop();
    }
    if (stageNames.size() > 1) {
      JobSummary all = new JobSummary(name).put("stages", results);
      out.println(all.toJson("ok", (System.nanoTime() - start) / 1e9, config.toJson()));
    }
    return 0;
  }
}

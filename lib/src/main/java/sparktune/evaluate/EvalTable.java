package sparktune.evaluate;

import io.delta.tables.DeltaTable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import sparktune.eval.EvalRow;

/**
 * The {@code <warehouse>/eval} Delta table as evaluation writes it: one row per key
 * ({@link EvalRow#KEY}), new keys inserted and recomputed keys replaced by MERGE, one commit per
 * unit of work.
 */
public final class EvalTable {
  private EvalTable() {}

  /**
   * Creates the table when absent; a table written before rows had keys gains the key columns
   * (its old rows keep "" there, so they never match a key and are left as they are).
   */
  public static void prepare(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      spark.createDataFrame(List.<Row>of(), EvalRow.SCHEMA).write().format("delta").mode("append").save(path);
      return;
    }
    Set<String> present = new HashSet<>(List.of(spark.read().format("delta").load(path).columns()));
    List<String> missing = java.util.Arrays.stream(EvalRow.SCHEMA.fields()).map(StructField::name).filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS ("
          + missing.stream().map(c -> "`" + c + "` STRING").collect(Collectors.joining(", ")) + ")");
    }
  }

  /**
   * The (model_sha256, checkpoint, shards_manifest_hash, settings_json) groups the table holds rows
   * of {@code run} for. Rows belong to the run that evaluated them, so a base model that two runs
   * start from is scored once for each and every run's report finds its own rows.
   */
  public static Set<List<String>> computed(SparkSession spark, String path, String run) {
    Set<List<String>> out = new HashSet<>();
    for (Row r : spark.read().format("delta").load(path).filter("model_sha256 IS NOT NULL AND model_sha256 != ''")
        .filter(org.apache.spark.sql.functions.col("run").equalTo(run))
        .select("model_sha256", "checkpoint", "shards_manifest_hash", "settings_json").distinct().collectAsList()) {
      out.add(List.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
    }
    return out;
  }

  /** Merges one unit's rows in one commit: keys already present are replaced, new keys inserted. */
  public static void merge(SparkSession spark, String path, List<EvalRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    String on = EvalRow.KEY.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path).as("t")
        .merge(spark.createDataFrame(rows.stream().map(EvalRow::toRow).toList(), EvalRow.SCHEMA).as("s"), on)
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();
  }
}

package sparktune.eval;

import java.io.Serializable;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of the {@code <warehouse>/eval} Delta table: one metric of one (model, checkpoint,
 * source, decoding) group.
 * <pre>
 * run                  STRING     train.run the evaluation belongs to (its report)
 * model                STRING     model directory (a run directory for checkpoints)
 * checkpoint           STRING     step-N, or "base" for a plain model directory
 * source               STRING     corpus source, or "all" for the whole test split
 * decoding             STRING     decoding config name; "" for perplexity rows
 * decoding_json        STRING     every decoding option as JSON; "" for perplexity rows
 * metric               STRING     perplexity, bits-per-byte, distinct-2, coherence, ...
 * value                DOUBLE
 * n                    LONG       what the value was computed over (tokens, n-grams, pairs, ...)
 * embedder             STRING     generation rows: what embedded sentences for coherence,
 *                                 "hidden-mean:<model dir>"; "" for perplexity rows
 * shards_manifest_hash STRING     sha256 of shards/test/manifest.json (which test data)
 * created_at           TIMESTAMP
 * model_sha256         STRING     sha256 of the model's weights (its .safetensors files): which weights
 * settings_json        STRING     every setting the value depends on besides model and test data, as
 *                                 canonical JSON (the decoding config, prompt and length settings, ...)
 * </pre>
 * A row's key is (model_sha256, checkpoint, shards_manifest_hash, settings_json, source, metric):
 * evaluate computes only keys the table lacks and merges them in.
 * Example: {@code (run, /wh/runs/run, step-500, classics, "", "", perplexity, 41.7, 18230, "",
 * 9f2c..., 2026-11-22 01:02:03)}.
 */
public record EvalRow(
    String run, String model, String checkpoint, String source, String decoding, String decodingJson,
    String metric, double value, long n, String embedder, String shardsManifestHash, Timestamp createdAt, String modelSha256,
    String settingsJson) implements Serializable {

  /** A row whose key fields (model_sha256, settings_json) are filled in later by {@link #withKey}. */
  public EvalRow(String run, String model, String checkpoint, String source, String decoding, String decodingJson,
      String metric, double value, long n, String embedder, String shardsManifestHash, Timestamp createdAt) {
    this(run, model, checkpoint, source, decoding, decodingJson, metric, value, n, embedder, shardsManifestHash, createdAt, "", "");
  }

  /** The key columns of the eval table, in order. */
  public static final java.util.List<String> KEY = java.util.List.of("run", "model_sha256", "checkpoint", "shards_manifest_hash", "settings_json",
      "source", "metric");

  /** This row with its model identity and settings. */
  public EvalRow withKey(String modelSha256, String settingsJson) {
    return new EvalRow(run, model, checkpoint, source, decoding, decodingJson, metric, value, n, embedder, shardsManifestHash, createdAt,
        modelSha256, settingsJson);
  }

  /** Source value of rows over the whole test split. */
  public static final String ALL = "all";

  /**
   * Source value of generations from {@code eval.fixed-prompts}; their metrics are kept apart from
   * the held-out prompts' (not pooled into {@link #ALL}).
   */
  public static final String FIXED_PROMPTS = "fixed-prompts";

  public static final StructType SCHEMA = new StructType()
      .add("run", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, false)
      .add("checkpoint", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("decoding", DataTypes.StringType, false)
      .add("decoding_json", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, false)
      .add("n", DataTypes.LongType, false)
      .add("embedder", DataTypes.StringType, false)
      .add("shards_manifest_hash", DataTypes.StringType, false)
      .add("created_at", DataTypes.TimestampType, false)
      .add("model_sha256", DataTypes.StringType, false)
      .add("settings_json", DataTypes.StringType, false);

  public Row toRow() {
    return RowFactory.create(run, model, checkpoint, source, decoding, decodingJson, metric, value, n, embedder, shardsManifestHash, createdAt,
        modelSha256, settingsJson);
  }

  public static EvalRow fromRow(Row r) {
    return new EvalRow(r.getString(r.fieldIndex("run")), r.getString(r.fieldIndex("model")), r.getString(r.fieldIndex("checkpoint")),
        r.getString(r.fieldIndex("source")), r.getString(r.fieldIndex("decoding")), r.getString(r.fieldIndex("decoding_json")),
        r.getString(r.fieldIndex("metric")), r.getDouble(r.fieldIndex("value")), r.getLong(r.fieldIndex("n")),
        r.getString(r.fieldIndex("embedder")), r.getString(r.fieldIndex("shards_manifest_hash")),
        r.getTimestamp(r.fieldIndex("created_at")), optional(r, "model_sha256"), optional(r, "settings_json"));
  }

  /** A key column of the row, "" where the table predates it. */
  private static String optional(Row r, String column) {
    if (!java.util.Arrays.asList(r.schema().fieldNames()).contains(column)) {
      return "";
    }
    String v = r.getString(r.fieldIndex(column));
    return v == null ? "" : v;
  }
}

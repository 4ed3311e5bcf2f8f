package sparktune.prep;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.text.CleanRules;
import sparktune.text.Cleaned;
import sparktune.text.Cleaner;
import sparktune.text.DuplicateGraph;
import sparktune.text.Hashes;
import sparktune.text.MinHasher;
import sparktune.text.Whitespace;

/** Clean transforms: documents -> judged cleaned rows -> clean rows and rejects. */
public final class CleanTransforms {
  /** Per-document cleaning result: documents columns with cleaned text, the dedup key and a reason. */
  public static final StructType CLEANED = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("lang", DataTypes.StringType, true)
      .add("title", DataTypes.StringType, true)
      .add("text", DataTypes.StringType, true)
      .add("origin", DataTypes.StringType, false)
      .add("ingested_at", DataTypes.TimestampType, false)
      .add("dedup_key", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true);

  private CleanTransforms() {}

  /**
   * Cleans each document ({@link Cleaner}). dedup_key is the SHA-256 of the lower-cased,
   * whitespace-collapsed cleaned text (the doc_id for rejected rows, so they never collide).
   * <pre>
   * doc_id               source lang title text          origin  ingested_at  dedup_key  reason     detail
   * 3f9c0a2b41d7e8a9c1d2 wiki   en   Cats  "Cats are …"  https:… 2026-…       9b1e…      null       null
   * 77aa01c3f0e2d4b5a6c7 wiki   en   Stub  null          https:… 2026-…       77aa…      too-short  12 characters < min-chars 64
   * </pre>
   */
  public static Dataset<Row> cleanEach(Dataset<Row> documents, CleanRules rules) {
    MapFunction<Row, Row> clean = d -> {
      Cleaned c = Cleaner.clean(d.getAs("text"), rules);
      String docId = d.getAs("doc_id");
      String key = c.isKept() ? Hashes.sha256(Whitespace.dedupKey(c.text())) : docId;
      return RowFactory.create(docId, d.getAs("source"), d.getAs("lang"), d.getAs("title"), c.text(), d.getAs("origin"),
          d.getAs("ingested_at"), key, c.reason(), c.detail());
    };
    return documents.map(clean, Encoders.row(CLEANED));
  }

  /** {@link #CLEANED} plus the documents row's content hash and the cleaned text's MinHash signature. */
  public static final StructType SIGNED = CLEANED
      .add("input_sha256", DataTypes.StringType, false)
      .add("text_sha256", DataTypes.StringType, true)
      .add("sig", DataTypes.createArrayType(DataTypes.LongType, false), true);

  /**
   * {@link #cleanEach} plus, per row, input_sha256 (the documents row's content_sha256), text_sha256
   * (of the cleaned text; null when rejected) and sig,
   * the MinHash signature of the cleaned text (null for a rejected text or one without words).
   */
  public static Dataset<Row> cleanAndSign(Dataset<Row> documents, CleanRules rules, MinHasher hasher) {
    MapFunction<Row, Row> clean = d -> {
      Cleaned c = Cleaner.clean(d.getAs("text"), rules);
      String docId = d.getAs("doc_id");
      String key = c.isKept() ? Hashes.sha256(Whitespace.dedupKey(c.text())) : docId;
      return RowFactory.create(docId, d.getAs("source"), d.getAs("lang"), d.getAs("title"), c.text(), d.getAs("origin"),
          d.getAs("ingested_at"), key, c.reason(), c.detail(), d.getAs("content_sha256"),
          c.isKept() ? Hashes.sha256(c.text()) : null, c.isKept() ? hasher.signature(c.text()) : null);
    };
    return documents.map(clean, Encoders.row(SIGNED));
  }

  /**
   * Exact dedup: among kept rows with the same dedup_key the smallest doc_id stays; the others get
   * reason {@code duplicate}, detail {@code duplicate of <kept doc_id>}. Same columns as CLEANED.
   */
  public static Dataset<Row> exactDedup(Dataset<Row> cleaned) {
    Column kept = min("doc_id").over(Window.partitionBy("dedup_key"));
    Column dropped = col("reason").isNull().and(col("doc_id").notEqual(col("_kept")));
    return cleaned.withColumn("_kept", kept)
        .withColumn("detail", when(dropped, concat(lit("duplicate of "), col("_kept"))).otherwise(col("detail")))
        .withColumn("reason", when(dropped, lit("duplicate")).otherwise(col("reason")))
        .drop("_kept");
  }

  /**
   * Near-duplicate dedup from the pairs found among kept rows: {@link DuplicateGraph#rejectedToKept}
   * decides, rejected rows get reason {@code near-duplicate}, detail
   * {@code near-duplicate of <kept doc_id> (similarity 0.91)}. Same columns as CLEANED.
   */
  public static Dataset<Row> nearDedup(SparkSession spark, Dataset<Row> cleaned, List<DuplicateGraph.Edge> edges) {
    DuplicateGraph graph = new DuplicateGraph(edges);
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, String> e : graph.rejectedToKept().entrySet()) {
      rows.add(RowFactory.create(e.getKey(), e.getValue(), graph.similarity(e.getKey(), e.getValue())));
    }
    StructType schema = new StructType()
        .add("doc_id", DataTypes.StringType, false)
        .add("_near", DataTypes.StringType, false)
        .add("_sim", DataTypes.DoubleType, false);
    Dataset<Row> near = spark.createDataFrame(rows, schema);
    Column dropped = col("reason").isNull().and(col("_near").isNotNull());
    return cleaned.join(broadcast(near), cleaned.col("doc_id").equalTo(near.col("doc_id")), "left")
        .drop(near.col("doc_id"))
        .withColumn("detail", when(dropped, concat(lit("near-duplicate of "), col("_near"), lit(" (similarity "),
            format_number(col("_sim"), 2), lit(")"))).otherwise(col("detail")))
        .withColumn("reason", when(dropped, lit("near-duplicate")).otherwise(col("reason")))
        .drop("_near", "_sim");
  }

  /** Kept rows as clean rows (Tables.CLEAN) with split null; content_sha256 of the cleaned text. */
  public static Dataset<Row> cleanRows(Dataset<Row> judged) {
    return judged.where(col("reason").isNull()).select(
        col("doc_id"), col("source"), col("lang"), col("title"), col("text"), col("origin"),
        sha2(col("text"), 256).as("content_sha256"), col("ingested_at"),
        lit(null).cast("string").as("split"));
  }

  /** Rejected rows as rejects rows of stage {@code clean}. */
  public static Dataset<Row> rejectRows(Dataset<Row> judged) {
    return IngestTransforms.rejects(judged, "clean");
  }
}

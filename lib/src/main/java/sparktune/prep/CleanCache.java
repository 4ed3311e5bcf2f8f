package sparktune.prep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What clean decided about each document before deduplication, kept in {@code cache/clean} (a
 * Delta table), so a refresh cleans and signs only documents that are new or whose content
 * changed, and deduplicates against every other document from these rows alone (no text).
 * text_sha256 is the SHA-256 of the cleaned text (null when rejected), so split can take the
 * signature of a clean row whose content_sha256 matches instead of computing it again.
 * Deleting the table is safe: the next clean rebuilds it.
 * <pre>
 * doc_id               source origin          input_sha256 text_sha256 dedup_key reason detail sig
 * 3f9c0a2b41d7e8a9c1d2 wiki   https://…/Cats  41d0…        77c2…       9b1e…     null   null   [-9211…, …] (null: rejected or no words)
 * </pre>
 */
public final class CleanCache {
  public static final StructType SCHEMA = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("origin", DataTypes.StringType, false)
      .add("input_sha256", DataTypes.StringType, false)
      .add("text_sha256", DataTypes.StringType, true)
      .add("dedup_key", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true)
      .add("sig", DataTypes.createArrayType(DataTypes.LongType, false), true);

  static final List<String> COLUMNS = List.of(SCHEMA.fieldNames());

  private CleanCache() {}

  /** The cache, or an empty one when {@code usable} is false or there is none. */
  public static Dataset<Row> read(SparkSession spark, String path, boolean usable) {
    if (usable && DeltaTable.isDeltaTable(spark, path)) {
      return spark.read().format("delta").load(path).select(columns());
    }
    return spark.createDataFrame(List.of(), SCHEMA);
  }

  /**
   * Signatures for split: doc_id, content_sha256 (of the cleaned text), sig, of rows with a
   * signature; none when the cache does not exist.
   */
  public static Dataset<Row> signatures(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return null;
    }
    return spark.read().format("delta").load(path).where(col("sig").isNotNull())
        .select(col("doc_id"), col("text_sha256").as("content_sha256"), col("sig"));
  }

  /** doc_ids of documents (doc_id, content_sha256) that the cache lacks with that content. */
  public static Dataset<Row> stale(Dataset<Row> documentKeys, Dataset<Row> cache) {
    return documentKeys.as("d").join(cache.as("c"), expr("d.doc_id = c.doc_id AND d.content_sha256 = c.input_sha256"), "left_anti")
        .select(col("d.doc_id").as("doc_id"));
  }

  /** The cache rows of every document now: cached rows still valid, plus the {@code fresh} ones. */
  public static Dataset<Row> current(Dataset<Row> cache, Dataset<Row> documentKeys, Dataset<Row> fresh) {
    Dataset<Row> valid = cache.as("c").join(documentKeys.as("d"), expr("d.doc_id = c.doc_id AND d.content_sha256 = c.input_sha256"), "left_semi");
    return valid.select(columns()).unionByName(fresh.select(columns()));
  }

  /**
   * Makes the cache hold {@code fresh} and drop documents no longer present; rewrites it when
   * {@code rebuild} (other clean settings) or when it does not exist. Deletion vectors are enabled,
   * so a refresh that touches a few rows does not rewrite every file.
   */
  public static void write(SparkSession spark, String path, Dataset<Row> fresh, Dataset<Row> documentKeys, boolean rebuild) {
    if (rebuild || !DeltaTable.isDeltaTable(spark, path)) {
      fresh.select(columns()).writeTo(TableSync.identifier(path)).using("delta")
          .tableProperty("delta.enableDeletionVectors", "true").createOrReplace();
      return;
    }
    Dataset<Row> gone = spark.read().format("delta").load(path).select("doc_id").join(documentKeys.select("doc_id"), "doc_id", "left_anti");
    TableSync.apply(spark, path, fresh.select(columns()), gone, List.of("doc_id"), List.of("input_sha256"), COLUMNS);
  }

  private static Column[] columns() {
    return COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new);
  }
}

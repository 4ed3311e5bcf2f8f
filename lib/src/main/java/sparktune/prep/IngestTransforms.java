package sparktune.prep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** Ingest transforms: reader rows (Tables.RAW) -> judged rows -> documents and rejects. */
public final class IngestTransforms {
  private IngestTransforms() {}

  /**
   * Normalizes line ends and fills in the ingest reject reasons that apply to every source. Same
   * columns as RAW; reason is one of the reader's, or {@code empty} (null or blank text),
   * {@code too-large} (more than maxBytes UTF-8 bytes), {@code duplicate-key} (a later record with the
   * natural key of an earlier one: ordered by origin, position).
   * <pre>
   * doc_id               source  lang title  text    origin           position reason         detail
   * 3f9c0a2b41d7e8a9c1d2 wiki    en   Cats   "Cats…" https://…/Cats   7        null           null
   * 3f9c0a2b41d7e8a9c1d2 wiki    en   Cats   "Cats…" https://…/Cats   9        duplicate-key  position 9 repeats the natural key of position 7
   * </pre>
   */
  public static Dataset<Row> judge(Dataset<Row> raw, long maxBytes) {
    Column text = regexp_replace(col("text"), "\r\n?", "\n");
    Column ownReason = when(col("reason").isNotNull(), col("reason"))
        .when(text.isNull().or(text.rlike("^\\s*$")), lit("empty"))
        .when(octet_length(text).gt(maxBytes), lit("too-large"));
    Column ownDetail = when(col("reason").isNotNull(), col("detail"))
        .when(text.isNull().or(text.rlike("^\\s*$")), lit("no text"))
        .when(octet_length(text).gt(maxBytes), concat(octet_length(text).cast("string"), lit(" bytes > max-document-bytes " + maxBytes)));
    Dataset<Row> judged = raw.withColumn("text", text).withColumn("detail", ownDetail).withColumn("reason", ownReason);
    WindowSpec sameKey = Window.partitionBy(col("doc_id"), col("reason").isNull()).orderBy("origin", "position");
    Column later = col("reason").isNull().and(row_number().over(sameKey).gt(1));
    Column firstPosition = first("position").over(sameKey);
    return judged
        .withColumn("detail", when(later, concat(lit("position "), col("position").cast("string"),
            lit(" repeats the natural key of position "), firstPosition.cast("string"))).otherwise(col("detail")))
        .withColumn("reason", when(later, lit("duplicate-key")).otherwise(col("reason")));
  }

  /** Judged rows without a reason as documents rows (Tables.DOCUMENTS), ingested now. */
  public static Dataset<Row> documents(Dataset<Row> judged) {
    return judged.where(col("reason").isNull()).select(
        col("doc_id"), col("source"), col("lang"), col("title"), col("text"), col("origin"),
        sha2(col("text"), 256).as("content_sha256"),
        current_timestamp().as("ingested_at"), col("unit"));
  }

  /** Rows with a reason as rejects rows (Tables.REJECTS) of {@code stage}; unit null when judged has none. */
  public static Dataset<Row> rejects(Dataset<Row> judged, String stage) {
    return judged.where(col("reason").isNotNull()).select(
        lit(stage).as("stage"), col("reason"), col("doc_id"), col("source"), col("origin"),
        coalesce(col("detail"), lit("")).as("detail"),
        current_timestamp().as("rejected_at"),
        java.util.Arrays.asList(judged.columns()).contains("unit") ? col("unit") : lit(null).cast("string").as("unit"));
  }
}

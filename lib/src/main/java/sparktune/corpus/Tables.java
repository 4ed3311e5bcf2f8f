package sparktune.corpus;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.text.Hashes;

/** Schemas of the data tables and of what readers produce, and the doc_id expression. */
public final class Tables {
  /**
   * What every reader returns, one row per source record. {@code reason} is null for a readable
   * record, else the reject reason with a short {@code detail}; {@code position} orders records of
   * one natural key (rowid, entry index, record index); {@code unit} names the source unit the
   * record came from (a file's path relative to the source, or a SQLite table), the granularity at
   * which a refresh decides what to read again.
   */
  public static final StructType RAW = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("lang", DataTypes.StringType, true)
      .add("title", DataTypes.StringType, true)
      .add("text", DataTypes.StringType, true)
      .add("origin", DataTypes.StringType, false)
      .add("position", DataTypes.LongType, false)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true)
      .add("unit", DataTypes.StringType, true);

  /** {@code documents/}: one row per source document. */
  public static final StructType DOCUMENTS = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("lang", DataTypes.StringType, true)
      .add("title", DataTypes.StringType, true)
      .add("text", DataTypes.StringType, false)
      .add("origin", DataTypes.StringType, false)
      .add("content_sha256", DataTypes.StringType, false)
      .add("ingested_at", DataTypes.TimestampType, false)
      .add("unit", DataTypes.StringType, true);

  /** {@code clean/}: documents columns (but unit) with cleaned text, plus split (null until split runs). */
  public static final StructType CLEAN = new StructType(java.util.Arrays.copyOf(DOCUMENTS.fields(), DOCUMENTS.fields().length - 1))
      .add("split", DataTypes.StringType, true);

  /** {@code rejects/}: every dropped row, from any stage. */
  public static final StructType REJECTS = new StructType()
      .add("stage", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, false)
      .add("doc_id", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("origin", DataTypes.StringType, false)
      .add("detail", DataTypes.StringType, true)
      .add("rejected_at", DataTypes.TimestampType, false)
      .add("unit", DataTypes.StringType, true);

  private Tables() {}

  /** The Spark form of {@link Hashes#docId}: same value for the same source and key. */
  public static Column docId(String source, Column naturalKey) {
    return substring(sha2(concat(lit(source + '\u0000'), naturalKey), 256), 1, Hashes.DOC_ID_HEX);
  }
}

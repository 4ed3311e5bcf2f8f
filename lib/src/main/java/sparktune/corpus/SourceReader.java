package sparktune.corpus;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SourceConfig;

/**
 * Reads one configured source into rows of {@link Tables#RAW}. A source is made of units (files, or
 * SQLite tables), each with a fingerprint that changes when its content may have changed, so a
 * refresh reads only the units whose fingerprint differs from the last run's.
 */
public interface SourceReader {
  /** Fails with a message naming the source and path when the input is missing or unusable. Reads no data. */
  void check(SparkSession spark);

  /**
   * unit -> fingerprint of every unit of the source; call {@link #check} first.
   *
   * @param previous the fingerprints of the last run (empty when unknown); a reader may reuse one
   *     whose cheap part shows it is still valid instead of computing it again
   */
  Map<String, String> fingerprints(Map<String, String> previous);

  /** Whether a unit whose fingerprint was {@code previous} and is now {@code now} holds the same content. */
  default boolean unchanged(String previous, String now) {
    return now.equals(previous);
  }

  /** The records of the given units (null: of every unit), each with its unit set; call {@link #check} first. */
  Dataset<Row> read(SparkSession spark, Set<String> units);

  /** The source's records; call {@link #check} first. */
  default Dataset<Row> read(SparkSession spark) {
    return read(spark, null);
  }

  /** The reader for a source's type. */
  static SourceReader of(SourceConfig source, int jdbcPartitions, long maxBytes) {
    return switch (source.type()) {
      case WIKIBOOKS_SQLITE -> new WikibooksSqliteReader(source, jdbcPartitions);
      case LYRICS_JSON -> new LyricsJsonReader(source);
      case LYRICS_CSV -> new LyricsCsvReader(source);
      case TEXT_DIR -> new TextDirReader(source, maxBytes);
    };
  }
}

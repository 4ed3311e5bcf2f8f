package sparktune.corpus;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SourceConfig;

/** Reads one configured source into rows of {@link Tables#RAW}. */
public interface SourceReader {
  /** Fails with a message naming the source and path when the input is missing or unusable. Reads no data. */
  void check(SparkSession spark);

  /** The source's records; call {@link #check} first. */
  Dataset<Row> read(SparkSession spark);

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

package sparktune.config;

/**
 * {@code ingest}: reading sources into the documents table.
 *
 * @param maxDocumentBytes a larger document goes to rejects (default 10MB)
 * @param jdbcPartitions parallel JDBC reads per SQLite table (default 4)
 */
public record IngestConfig(long maxDocumentBytes, int jdbcPartitions) {
  static IngestConfig from(Settings s) {
    return new IngestConfig(s.bytesIn("max-document-bytes", 1, Integer.MAX_VALUE), s.intIn("jdbc-partitions", 1, 10_000));
  }
}

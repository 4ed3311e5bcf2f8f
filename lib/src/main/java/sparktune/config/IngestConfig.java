package sparktune.config;

/**
 * {@code ingest}: reading sources into the documents table.
 *
 * @param maxDocumentBytes a larger document goes to rejects (default 10MB)
 * @param jdbcPartitions parallel JDBC reads per SQLite table (default 4)
 * @param fullRead read every source unit, even those whose fingerprint is unchanged since the last ingest (default false)
 */
public record IngestConfig(long maxDocumentBytes, int jdbcPartitions, boolean fullRead) {
  static IngestConfig from(Settings s) {
    return new IngestConfig(s.bytesIn("max-document-bytes", 1, Integer.MAX_VALUE), s.intIn("jdbc-partitions", 1, 10_000), s.bool("full-read"));
  }
}

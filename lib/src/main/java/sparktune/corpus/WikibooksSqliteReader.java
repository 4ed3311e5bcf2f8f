package sparktune.corpus;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigError;
import sparktune.config.SourceConfig;
import sparktune.text.DecodedBytes;
import sparktune.text.Markup;
import sparktune.text.TextValidity;
import sparktune.text.Whitespace;

/**
 * Wikibooks SQLite: one table per language ({@code title, url, abstract, body_text, body_html}),
 * read through Spark's JDBC source, read-only, partitioned on rowid. lang = table name.
 * text = body_text, or, when body_text is NULL or blank, body_html with its markup stripped.
 * Natural key: the url, or {@code <table>/<title>} when url is NULL (also the origin then). With
 * {@code limit = N} only the first N rows by rowid are read (before any rejection of empty texts).
 * The bodies are read as their stored bytes and decoded here in the database encoding, so invalid
 * bytes are rejected {@code undecodable} instead of becoming U+FFFD.
 */
final class WikibooksSqliteReader implements SourceReader {
  private static final String CUSTOM_SCHEMA = "rid BIGINT, title STRING, url STRING, body_text BINARY, body_html BINARY";
  private static final int SQLITE_OPEN_READONLY = 1;

  private final SourceConfig source;
  private final int partitions;
  /** The database's text encoding ({@code PRAGMA encoding}) as a Java charset name, set by check. */
  private String encoding = "UTF-8";
  /** table -> {min rowid, max rowid, rows}, filled by check. */
  private final Map<String, long[]> bounds = new LinkedHashMap<>();

  WikibooksSqliteReader(SourceConfig source, int partitions) {
    this.source = source;
    this.partitions = partitions;
  }

  @Override
  public void check(SparkSession spark) {
    Path file = InputCheck.requireSqliteFile(source);
    try (Connection c = DriverManager.getConnection(url(), readOnly()); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA encoding")) {
        encoding = rs.next() ? rs.getString(1).toUpperCase(java.util.Locale.ROOT) : "UTF-8";
      }
      for (String t : InputCheck.requireTables(source, file, st)) {
        String rows = source.limit() > 0
            ? "(SELECT rowid FROM " + quoted(t) + " ORDER BY rowid LIMIT " + source.limit() + ")"
            : quoted(t);
        try (ResultSet rs = st.executeQuery("SELECT MIN(rowid), MAX(rowid), COUNT(*) FROM " + rows)) {
          rs.next();
          bounds.put(t, new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
        }
      }
    } catch (SQLException e) {
      throw new ConfigError("Cannot read SQLite file " + source.path() + " (" + InputCheck.where(source) + "): " + e.getMessage());
    }
  }

  /**
   * One unit per table. Fingerprint: {@code <file stamp> | <rows> rows, max rowid <n>, sha256 <hex>}
   * where the file stamp is the database file's (and its write-ahead log's) length and modification
   * time, and the hash covers every column read of every row in rowid order. While the file stamp
   * is unchanged, the previous fingerprint of a table is reused and nothing is scanned.
   */
  @Override
  public Map<String, String> fingerprints(Map<String, String> previous) {
    String stamp = SqliteChecksum.stamp(localFile());
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : bounds.entrySet()) {
      String old = previous.get(e.getKey());
      if (old != null && old.startsWith(stamp + " | ")) {
        out.put(e.getKey(), old);
      } else {
        long[] b = e.getValue();
        out.put(e.getKey(), stamp + " | " + b[2] + " rows, max rowid " + b[1] + ", sha256 "
            + SqliteChecksum.table(url(), readOnly(), quoted(e.getKey()), source.limit() > 0 ? b[1] : -1));
      }
    }
    return out;
  }

  /** The file stamp only says when to hash again: equal hashes are the same content. */
  @Override
  public boolean unchanged(String previous, String now) {
    return previous != null && previous.contains(" | ") && now.substring(now.indexOf(" | ")).equals(previous.substring(previous.indexOf(" | ")));
  }

  @Override
  public Dataset<Row> read(SparkSession spark, Set<String> units) {
    Dataset<Row> all = spark.createDataFrame(List.of(), Tables.RAW);
    String name = source.name();
    String charset = encoding;
    for (Map.Entry<String, long[]> e : bounds.entrySet()) {
      String table = e.getKey();
      long[] b = e.getValue();
      if (b[2] == 0 || (units != null && !units.contains(table))) {
        continue;
      }
      Properties props = readOnly();
      props.setProperty("customSchema", CUSTOM_SCHEMA);
      // The bodies come as their stored bytes: read as text, the driver would turn invalid UTF-8
      // into U+FFFD and hide it. With a limit, b[1] is the rowid of the limit-th row.
      String query = "(SELECT rowid AS rid, title, url, CAST(body_text AS BLOB) AS body_text, CAST(body_html AS BLOB) AS body_html FROM "
          + quoted(table) + (source.limit() > 0 ? " WHERE rowid <= " + b[1] : "") + ") AS t";
      Dataset<Row> rows = spark.read().jdbc(url(), query, "rid", b[0], b[1] + 1, (int) Math.min(partitions, Math.max(1, b[1] - b[0] + 1)), props);
      MapFunction<Row, Row> toRaw = r -> RawRows.inUnit(row(name, table, Charset.forName(charset), r), table);
      all = all.unionByName(rows.map(toRaw, Encoders.row(Tables.RAW)));
    }
    return all;
  }

  /**
   * One table row as a reader row. text = body_text, or, when that is NULL or blank, body_html with
   * its markup stripped; a body with bytes that are not valid in the database encoding, or whose
   * text fails {@link TextValidity}, rejects the row with the table, rowid and column in the detail.
   */
  static Row row(String source, String table, Charset charset, Row r) {
    long rowid = r.getLong(0);
    String title = r.getString(1);
    String url = r.getString(2);
    String key = url != null ? url : table + "/" + title;
    String text = null;
    for (int column = 3; column <= 4 && (text == null || text.isBlank()); column++) {
      String where = "table " + table + ", rowid " + rowid + ", " + (column == 3 ? "body_text" : "body_html");
      byte[] bytes = r.isNullAt(column) ? null : r.getAs(column);
      if (bytes == null) {
        continue;
      }
      DecodedBytes d = DecodedBytes.of(bytes, charset);
      if (!d.isValid()) {
        return RawRows.rejected(source, table, key, title, key, rowid, TextValidity.undecodable(charset.name(), d.badBytes()[0]).at(where));
      }
      TextValidity.Problem p = TextValidity.check(d.text());
      if (p != null) {
        return RawRows.rejected(source, table, key, title, key, rowid, p.at(where));
      }
      text = column == 3 ? d.text() : Whitespace.normalize(Markup.strip(d.text()));
    }
    return RawRows.record(source, table, key, title, text, key, rowid, "table " + table + ", rowid " + rowid);
  }

  private static String quoted(String table) {
    return "\"" + table.replace("\"", "\"\"") + "\"";
  }

  private Path localFile() {
    String p = source.path();
    if (p.startsWith("file:")) {
      return Path.of(java.net.URI.create(p));
    }
    if (p.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      throw new ConfigError("Invalid " + InputCheck.where(source) + " path: " + p + " (wikibooks-sqlite needs a local file path)");
    }
    return Path.of(p).toAbsolutePath().normalize();
  }

  private String url() {
    return "jdbc:sqlite:" + localFile();
  }

  private static Properties readOnly() {
    Properties p = new Properties();
    p.setProperty("open_mode", String.valueOf(SQLITE_OPEN_READONLY));
    p.setProperty("driver", "org.sqlite.JDBC");
    return p;
  }
}

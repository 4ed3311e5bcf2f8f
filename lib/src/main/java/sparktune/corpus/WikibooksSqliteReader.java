package sparktune.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import sparktune.config.ConfigError;
import sparktune.config.SourceConfig;
import sparktune.text.Markup;
import sparktune.text.Whitespace;

/**
 * Wikibooks SQLite: one table per language ({@code title, url, abstract, body_text, body_html}),
 * read through Spark's JDBC source, read-only, partitioned on rowid. lang = table name.
 * text = body_text, or, when body_text is NULL or blank, body_html with its markup stripped.
 * Natural key: the url, or {@code <table>/<title>} when url is NULL (also the origin then). With
 * {@code limit = N} only the first N rows by rowid are read (before any rejection of empty texts).
 */
final class WikibooksSqliteReader implements SourceReader {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final String CUSTOM_SCHEMA = "rid BIGINT, title STRING, url STRING, abstract STRING, body_text STRING, body_html STRING";
  private static final int SQLITE_OPEN_READONLY = 1;

  private final SourceConfig source;
  private final int partitions;
  /** table -> {min rowid, max rowid, rows}, filled by check. */
  private final Map<String, long[]> bounds = new LinkedHashMap<>();

  WikibooksSqliteReader(SourceConfig source, int partitions) {
    this.source = source;
    this.partitions = partitions;
  }

  @Override
  public void check(SparkSession spark) {
    Path file = localFile();
    if (!Files.exists(file)) {
      throw InputCheck.missing(source, "does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw InputCheck.missing(source, "is not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
        throw new ConfigError("Not a SQLite database: " + source.path() + " (" + InputCheck.where(source) + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + source.path(), e);
    }
    try (Connection c = DriverManager.getConnection(url(), readOnly()); Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : source.tables()) {
        if (!tables.contains(t)) {
          throw new ConfigError("Table '" + t + "' not found in " + file.getFileName() + " (tables: " + String.join(", ", tables) + ")");
        }
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

  @Override
  public Dataset<Row> read(SparkSession spark) {
    UserDefinedFunction fromHtml = udf((UDF1<String, String>) html -> html == null ? null : Whitespace.normalize(Markup.strip(html)), DataTypes.StringType);
    Dataset<Row> all = spark.createDataFrame(List.of(), Tables.RAW);
    for (Map.Entry<String, long[]> e : bounds.entrySet()) {
      String table = e.getKey();
      long[] b = e.getValue();
      if (b[2] == 0) {
        continue;
      }
      Properties props = readOnly();
      props.setProperty("customSchema", CUSTOM_SCHEMA);
      // With a limit, b[1] is the rowid of the limit-th row: the filter keeps exactly the first rows.
      String query = "(SELECT rowid AS rid, title, url, abstract, body_text, body_html FROM " + quoted(table)
          + (source.limit() > 0 ? " WHERE rowid <= " + b[1] : "") + ") AS t";
      Dataset<Row> rows = spark.read().jdbc(url(), query, "rid", b[0], b[1] + 1, (int) Math.min(partitions, Math.max(1, b[1] - b[0] + 1)), props);
      var key = when(col("url").isNotNull(), col("url")).otherwise(concat(lit(table + "/"), col("title")));
      var text = when(col("body_text").isNotNull().and(trim(col("body_text")).notEqual("")), col("body_text"))
          .otherwise(fromHtml.apply(col("body_html")));
      all = all.unionByName(rows.select(
          Tables.docId(source.name(), key).as("doc_id"),
          lit(source.name()).as("source"),
          lit(table).as("lang"),
          col("title"),
          text.as("text"),
          key.as("origin"),
          col("rid").as("position"),
          lit(null).cast("string").as("reason"),
          lit(null).cast("string").as("detail")));
    }
    return all;
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

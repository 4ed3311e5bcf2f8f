package sparktune.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import sparktune.config.ConfigError;

/**
 * Change detection for a SQLite database: a cheap stamp of the file, and a content hash of one
 * table streamed through JDBC on the driver (no Spark job, constant memory).
 */
final class SqliteChecksum {
  private SqliteChecksum() {}

  /** {@code <length> bytes, modified <epoch ms>} of the file, plus its write-ahead log when there is one. */
  static String stamp(Path file) {
    try {
      String s = Files.size(file) + " bytes, modified " + Files.getLastModifiedTime(file).toMillis();
      Path wal = file.resolveSibling(file.getFileName() + "-wal");
      if (Files.exists(wal)) {
        s += "; wal " + Files.size(wal) + " bytes, modified " + Files.getLastModifiedTime(wal).toMillis();
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stat " + file, e);
    }
  }

  /**
   * SHA-256 (hex) over rowid, title, url, body_text and body_html of every row of {@code table}
   * (already quoted) in rowid order, up to {@code maxRowid} when it is not negative.
   */
  static String table(String url, Properties readOnly, String table, long maxRowid) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String sql = "SELECT rowid, title, url, CAST(body_text AS BLOB), CAST(body_html AS BLOB) FROM " + table
        + (maxRowid >= 0 ? " WHERE rowid <= " + maxRowid : "") + " ORDER BY rowid";
    try (Connection c = DriverManager.getConnection(url, readOnly); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      byte[] sep = {0};
      while (rs.next()) {
        sha.update(Long.toString(rs.getLong(1)).getBytes(StandardCharsets.US_ASCII));
        for (int i = 2; i <= 5; i++) {
          sha.update(sep);
          byte[] v = i <= 3 ? text(rs.getString(i)) : rs.getBytes(i);
          // NULL and empty differ: a length prefix of -1 marks NULL.
          sha.update(Integer.toString(v == null ? -1 : v.length).getBytes(StandardCharsets.US_ASCII));
          sha.update(sep);
          if (v != null) {
            sha.update(v);
          }
        }
        sha.update((byte) '\n');
      }
    } catch (SQLException e) {
      throw new ConfigError("Cannot read table " + table + " of " + url.substring("jdbc:sqlite:".length()) + ": " + e.getMessage());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static byte[] text(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}

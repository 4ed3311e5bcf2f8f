package sparktune.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import sparktune.config.ConfigError;
import sparktune.config.SourceConfig;
import sparktune.config.SparktuneConfig;

/**
 * Checks that a job's inputs exist and have the expected shape, and that its warehouse can be
 * written, before anything is read or written; errors name the key, the source and the path.
 * {@link #beforeSpark} runs the checks that need no Spark session (local files only), so a
 * configuration error costs no Spark start-up.
 */
public final class InputCheck {
  /** The columns every wikibooks-sqlite table must have. */
  static final List<String> WIKIBOOKS_COLUMNS = List.of("title", "url", "abstract", "body_text", "body_html");
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private InputCheck() {}

  /**
   * Checks, without Spark, that a local warehouse is a directory or can be created and, when
   * {@code sources} is set, that every local source has its tables, columns or CSV header.
   *
   * @throws ConfigError naming the key, the source, the file, the table or column and what was expected
   */
  public static void beforeSpark(SparktuneConfig config, boolean sources) {
    warehouse(config.warehouse());
    if (!sources) {
      return;
    }
    Configuration local = new Configuration();
    for (int i = 0; i < config.sources().size(); i++) {
      SourceConfig source = config.sources().get(i);
      if (!isLocal(source.path())) {
        continue;
      }
      String key = "sparktune.sources[" + i + "]";
      switch (source.type()) {
        case WIKIBOOKS_SQLITE -> sqliteTables(key, source);
        case LYRICS_CSV -> csvColumns(key, local, source);
        default -> { }
      }
    }
  }

  /** A local warehouse must be a directory, or creatable under its nearest existing parent. */
  static void warehouse(String warehouse) {
    if (!isLocal(warehouse)) {
      return;
    }
    java.nio.file.Path dir = localPath(warehouse);
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw ConfigError.invalid("sparktune.warehouse", warehouse, "must be a directory, created when missing; this path is a file");
      }
      if (!Files.isWritable(dir)) {
        throw ConfigError.invalid("sparktune.warehouse", warehouse, "the directory is not writable");
      }
      return;
    }
    java.nio.file.Path parent = dir.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent != null && !Files.isDirectory(parent)) {
      throw ConfigError.invalid("sparktune.warehouse", warehouse, "cannot be created: " + parent + " is a file, not a directory");
    }
    if (parent != null && !Files.isWritable(parent)) {
      throw ConfigError.invalid("sparktune.warehouse", warehouse, "cannot be created: " + parent + " is not writable");
    }
  }

  /** The local file of a wikibooks-sqlite source, checked to exist and to start as a SQLite database does. */
  static java.nio.file.Path requireSqliteFile(SourceConfig source) {
    java.nio.file.Path file = localPath(source.path());
    if (!Files.exists(file)) {
      throw missing(source, "does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw missing(source, "is not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      if (!Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC)) {
        throw new ConfigError("Not a SQLite database: " + source.path() + " (" + where(source) + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + source.path(), e);
    }
    return file;
  }

  /** The source's configured tables, each checked to exist in the database open on {@code st}. */
  static List<String> requireTables(SourceConfig source, java.nio.file.Path file, Statement st) throws SQLException {
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
    }
    return source.tables();
  }

  private static void sqliteTables(String key, SourceConfig source) {
    java.nio.file.Path file = requireSqliteFile(source);
    Properties readOnly = new Properties();
    readOnly.setProperty("open_mode", "1");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly); Statement st = c.createStatement()) {
      for (String t : requireTables(source, file, st)) {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(\"" + t.replace("\"", "\"\"") + "\")")) {
          while (rs.next()) {
            columns.add(rs.getString("name"));
          }
        }
        for (String column : WIKIBOOKS_COLUMNS) {
          if (!columns.contains(column)) {
            throw new ConfigError("Column '" + column + "' not found in table '" + t + "' of " + source.path() + " for " + where(source)
                + ", " + key + ".tables (columns: " + String.join(", ", columns) + "; a wikibooks table needs "
                + String.join(", ", WIKIBOOKS_COLUMNS) + ")");
          }
        }
      }
    } catch (SQLException e) {
      throw new ConfigError("Cannot read SQLite file " + source.path() + " (" + where(source) + "): " + e.getMessage());
    }
  }

  private static void csvColumns(String key, Configuration conf, SourceConfig source) {
    List<Path> files = files(conf, source, ".csv");
    if (files.isEmpty()) {
      throw missing(source, "holds no .csv files");
    }
    List<String> first = null;
    for (Path f : files) {
      List<String> header = LyricsCsvReader.header(conf, f);
      if (first == null) {
        first = header;
        String[][] columns = {{"text-column", source.textColumn()}, {"title-column", source.titleColumn()}, {"artist-column", source.artistColumn()}};
        for (String[] c : columns) {
          if (!c[1].isEmpty() && !header.contains(c[1])) {
            throw new ConfigError("Column '" + c[1] + "' (" + key + "." + c[0] + ") not found in " + f.toUri().getPath() + " (columns: "
                + String.join(", ", header) + ") for " + where(source));
          }
        }
      } else if (!header.equals(first)) {
        throw new ConfigError("CSV header of " + f.toUri().getPath() + " (" + String.join(", ", header) + ") differs from "
            + files.get(0).toUri().getPath() + " (" + String.join(", ", first) + ") in " + where(source));
      }
    }
  }

  private static boolean isLocal(String path) {
    return path.startsWith("file:") || !path.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
  }

  private static java.nio.file.Path localPath(String path) {
    return path.startsWith("file:") ? java.nio.file.Path.of(URI.create(path)) : java.nio.file.Path.of(path).toAbsolutePath().normalize();
  }

  static FileStatus status(Configuration conf, SourceConfig source) {
    Path p = new Path(source.path());
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw missing(source, "does not exist");
      }
      return fs.getFileStatus(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + where(source), e);
    }
  }

  /** Files under the source path (recursive) whose name matches {@code suffix}, sorted by path. */
  static List<Path> files(Configuration conf, SourceConfig source, String suffix) {
    return fileStatuses(conf, source, suffix).stream().map(FileStatus::getPath).toList();
  }

  /** {@link #files}, with each file's length and modification time as the listing found them. */
  static List<FileStatus> fileStatuses(Configuration conf, SourceConfig source, String suffix) {
    FileStatus st = status(conf, source);
    List<FileStatus> out = new ArrayList<>();
    try {
      if (st.isFile()) {
        if (st.getPath().getName().endsWith(suffix)) {
          out.add(st);
        }
        return out;
      }
      FileSystem fs = st.getPath().getFileSystem(conf);
      if (fs instanceof LocalFileSystem) {
        walk(fs, st.getPath(), suffix, out);
      } else { // object stores list a whole prefix in a few calls
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (f.isFile() && f.getPath().getName().endsWith(suffix)) {
            out.add(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + where(source), e);
    }
    out.sort((a, b) -> a.getPath().compareTo(b.getPath()));
    return out;
  }

  /**
   * Recursive listing with plain FileStatus; symbolic links to folders are not followed (links to
   * files are). On the local file system {@code listFiles} builds a
   * LocatedFileStatus per file, which reads the file's permissions by starting an {@code ls}
   * process: seconds for a few thousand files.
   */
  private static void walk(FileSystem fs, Path dir, String suffix, List<FileStatus> out) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.isDirectory()) {
        // A linked folder is not entered: a link to a parent would repeat the tree without end.
        if (!java.nio.file.Files.isSymbolicLink(java.nio.file.Path.of(f.getPath().toUri().getPath()))) {
          walk(fs, f.getPath(), suffix, out);
        }
      } else if (f.getPath().getName().endsWith(suffix)) {
        if (f.isSymlink()) { // the link's own length and time say nothing about the file it names
          f = fs.getFileStatus(f.getPath());
        }
        out.add(f);
      }
    }
  }

  static ConfigError missing(SourceConfig source, String what) {
    return new ConfigError("Missing input for " + where(source) + ": " + source.path() + " " + what);
  }

  static String where(SourceConfig source) {
    return "source '" + source.name() + "' (" + source.type().id() + ")";
  }

  /** The zero-length files among {@code files}, as path strings. */
  static List<String> emptyFiles(Configuration conf, List<Path> files) {
    List<String> out = new ArrayList<>();
    try {
      for (Path f : files) {
        if (f.getFileSystem(conf).getFileStatus(f).getLen() == 0) {
          out.add(f.toUri().getPath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + files, e);
    }
    return out;
  }
}

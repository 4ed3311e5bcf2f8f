package sparktune.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SourceConfig;
import sparktune.text.Decoded;
import sparktune.text.Encodings;
import sparktune.text.TextValidity;

/**
 * A folder of books, {@code <Author>/<Title>.txt} (any depth; other files such as info.csv are
 * ignored). Files are read as bytes and decoded by {@link Encodings} with the configured encoding
 * ({@code auto}: UTF-8, else windows-1251 or KOI8-R). Natural key and origin: the path relative to
 * the folder; title: the file name without {@code .txt}. Files larger than max-document-bytes are
 * rejected before decoding. The path may also be a single {@code .txt} file: its origin is then
 * {@code <parent folder>/<file>.txt} (the parent folder names the author; {@code unknown} when the
 * file sits at a file system root). With {@code chunk-chars = N} each file becomes several
 * documents of at least N characters cut at blank lines, origin {@code <path>#<k>} (k from 1, also
 * the position), so a single book can have train and test parts. A decoded text that fails
 * {@link TextValidity} (control characters) is rejected whole, its detail naming the charset, line
 * and column. Folders reached through a symbolic link are not read (see {@link SourceFiles}).
 */
final class TextDirReader implements SourceReader {
  private final SourceConfig source;
  private final long maxBytes;
  private String root;
  /** Set when path is one .txt file: its origin, {@code <parent folder>/<file>} ({@code unknown/<file>} at a root). */
  private String singleFile;
  /** The listed .txt files, one unit each. */
  private ListedFiles files;

  TextDirReader(SourceConfig source, long maxBytes) {
    this.source = source;
    this.maxBytes = maxBytes;
  }

  @Override
  public void check(SparkSession spark) {
    var conf = spark.sparkContext().hadoopConfiguration();
    var status = InputCheck.status(conf, source);
    if (status.isFile() && !status.getPath().getName().endsWith(".txt")) {
      throw InputCheck.missing(source, "is neither a folder nor a .txt file");
    }
    ListedFiles files = new ListedFiles(InputCheck.fileStatuses(conf, source, ".txt"), new RelativePath(status.getPath().toUri().getPath()));
    if (files.isEmpty()) {
      throw InputCheck.missing(source, "holds no .txt files (expected <Author>/<Title>.txt)");
    }
    root = status.getPath().toUri().getPath();
    if (status.isFile()) {
      org.apache.hadoop.fs.Path parent = status.getPath().getParent();
      String author = parent == null || parent.getName().isEmpty() ? "unknown" : parent.getName();
      singleFile = author + "/" + status.getPath().getName();
    }
    this.files = files;
  }

  @Override
  public Map<String, String> fingerprints(Map<String, String> previous) {
    return files.fingerprints();
  }

  @Override
  public Dataset<Row> read(SparkSession spark, Set<String> units) {
    String name = source.name();
    String lang = source.lang();
    String encoding = source.encoding();
    long max = maxBytes;
    RelativePath relative = new RelativePath(root);
    String single = singleFile;
    int chunkChars = source.chunkChars();
    FlatMapFunction<Row, Row> decode = file -> {
      String rel = single != null ? single : relative.of(file.getString(0));
      String title = title(rel);
      long length = file.getLong(1);
      if (length > max) {
        return List.of(RawRows.rejected(name, lang, rel, title, rel, 0L, "too-large", length + " bytes > max-document-bytes " + max)).iterator();
      }
      Decoded d = Encodings.decode(file.getAs(2), encoding);
      if (!d.isOk()) {
        return List.of(RawRows.rejected(name, lang, rel, title, rel, 0L, d.reason(), d.detail())).iterator();
      }
      TextValidity.Problem bad = TextValidity.check(d.text());
      if (bad != null) {
        return List.of(RawRows.rejected(name, lang, rel, title, rel, 0L, bad.at("decoded as " + d.charset()))).iterator();
      }
      if (chunkChars == 0) {
        return List.of(RawRows.record(name, lang, rel, title, d.text(), rel, 0L, rel)).iterator();
      }
      List<String> chunks = chunks(d.text(), chunkChars);
      List<Row> rows = new ArrayList<>(chunks.size());
      for (int k = 0; k < chunks.size(); k++) {
        String origin = rel + "#" + (k + 1);
        rows.add(RawRows.record(name, lang, origin, title, chunks.get(k), origin, (long) k + 1, origin));
      }
      return rows.iterator();
    };
    List<Row> empty = new ArrayList<>();
    for (String f : files.empty(units)) {
      String rel = singleFile != null ? singleFile : relative.of(f);
      empty.add(RawRows.inUnit(RawRows.rejected(name, lang, rel, title(rel), rel, 0L, "empty", "empty file"), relative.of(f)));
    }
    return SourceFiles.binary(spark, source, files.nonEmpty(units), "*.txt", units == null)
        .select("path", "length", "content")
        .flatMap(SourceFiles.inUnits(decode, relative), Encoders.row(Tables.RAW))
        .unionByName(spark.createDataFrame(empty, Tables.RAW));
  }

  /**
   * Cuts a text at paragraph breaks (blank lines) into pieces of at least {@code chars} characters
   * (the last may be shorter); a paragraph is never split.
   */
  static List<String> chunks(String text, int chars) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String para : text.split("\\r?\\n[ \\t\\r]*\\n")) {
      if (para.isBlank()) {
        continue;
      }
      if (cur.length() > 0) {
        cur.append("\n\n");
      }
      cur.append(para.strip());
      if (cur.length() >= chars) {
        out.add(cur.toString());
        cur.setLength(0);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String title(String rel) {
    return rel.substring(rel.lastIndexOf('/') + 1).replaceFirst("\\.txt$", "");
  }
}

package sparktune.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigError;
import sparktune.config.SourceConfig;
import sparktune.text.DecodedBytes;
import sparktune.text.TextValidity;

/**
 * Lyrics CSV scrapes: a .csv file or a folder of them (UTF-8, header row, RFC 4180 quoting, quoted
 * fields may span lines), each file read whole and split by {@link CsvRecords}. text/title/artist
 * come from the configured columns. Natural key: {@code <file>, <artist>, <title>, <n>} where n
 * counts earlier records of the same file with the same artist and title, so adding or removing
 * other songs does not re-key a song. Origin: {@code <file>:<record number>} (1-based, header
 * excluded). A malformed record (wrong field count, a quote that never closes) is rejected as
 * {@code malformed-csv-row} with its own record and line number, and the records after it are read
 * normally; a record with bytes that are not UTF-8 or a text that fails {@link TextValidity} is
 * rejected with its record and line number too.
 */
final class LyricsCsvReader implements SourceReader {
  private final SourceConfig source;
  private List<String> header;
  private String root;
  private List<Path> files;
  private ListedFiles listed;

  LyricsCsvReader(SourceConfig source) {
    this.source = source;
  }

  @Override
  public void check(SparkSession spark) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    var status = InputCheck.status(conf, source);
    var statuses = InputCheck.fileStatuses(conf, source, ".csv");
    files = statuses.stream().map(org.apache.hadoop.fs.FileStatus::getPath).toList();
    if (files.isEmpty()) {
      throw InputCheck.missing(source, "holds no .csv files");
    }
    for (Path f : files) {
      List<String> h = header(conf, f);
      if (header == null) {
        header = h;
        for (String column : List.of(source.textColumn(), source.titleColumn(), source.artistColumn())) {
          if (!column.isEmpty() && !h.contains(column)) {
            throw new ConfigError("Column '" + column + "' not found in " + f.getName() + " (columns: " + String.join(", ", h) + ") for " + InputCheck.where(source));
          }
        }
      } else if (!h.equals(header)) {
        throw new ConfigError("CSV header of " + f.getName() + " (" + String.join(", ", h) + ") differs from " + files.get(0).getName()
            + " (" + String.join(", ", header) + ") in " + InputCheck.where(source));
      }
    }
    root = status.getPath().toUri().getPath();
    listed = new ListedFiles(statuses, new RelativePath(root));
  }

  @Override
  public Map<String, String> fingerprints(Map<String, String> previous) {
    return listed.fingerprints();
  }

  @Override
  public Dataset<Row> read(SparkSession spark, Set<String> units) {
    String name = source.name();
    String lang = source.lang();
    RelativePath relative = new RelativePath(root);
    int text = header.indexOf(source.textColumn());
    int title = source.titleColumn().isEmpty() ? -1 : header.indexOf(source.titleColumn());
    int artist = source.artistColumn().isEmpty() ? -1 : header.indexOf(source.artistColumn());
    FlatMapFunction<Row, Row> parse = file -> parseFile(name, lang, relative.of(file.getString(0)), file.getAs(1), text, title, artist).iterator();
    // An empty .csv file has no header: it holds no records, so it yields no rows.
    return SourceFiles.binary(spark, source, listed.nonEmpty(units), "*.csv", units == null).select("path", "content")
        .flatMap(SourceFiles.inUnits(parse, relative), Encoders.row(Tables.RAW));
  }

  /**
   * The rows of one CSV file: a document or a reject per record.
   *
   * @param rel the file's path relative to the source
   * @param text index of the lyrics column; {@code title}, {@code artist}: indices, or -1 for none
   */
  static List<Row> parseFile(String source, String lang, String rel, byte[] content, int text, int title, int artist) {
    DecodedBytes decoded = DecodedBytes.of(content, StandardCharsets.UTF_8);
    List<Row> out = new ArrayList<>();
    Map<List<String>, Integer> seen = new HashMap<>();
    for (CsvRecords.Record r : CsvRecords.parse(decoded.text())) {
      String where = "record " + r.number() + " (line " + r.line() + ") of " + rel;
      String origin = rel + ":" + r.number();
      if (r.problem() != null) {
        out.add(RawRows.rejected(source, lang, rel + "\u0000#\u0000" + r.number(), null, origin, r.number(), "malformed-csv-row", where + ": " + r.problem()));
        continue;
      }
      String a = artist < 0 ? "" : r.fields().get(artist);
      String t = title < 0 ? "" : r.fields().get(title);
      int occurrence = seen.merge(List.of(a, t), 1, Integer::sum);
      String key = rel + "\u0000" + a + "\u0000" + t + "\u0000" + occurrence;
      String shown = !a.isEmpty() && !t.isEmpty() ? a + " - " + t : t.isEmpty() ? null : t;
      TextValidity.Problem bad = decoded.problem(r.start(), r.end());
      out.add(bad != null
          ? RawRows.rejected(source, lang, key, shown, origin, r.number(), bad.at(where))
          : RawRows.record(source, lang, key, shown, r.fields().get(text), origin, r.number(), where));
    }
    return out;
  }

  /** The header fields of a CSV file (quote-aware; a BOM is dropped). */
  static List<String> header(Configuration conf, Path file) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(file.getFileSystem(conf).open(file), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      return line == null ? List.of() : CsvRecords.header(line).stream().map(String::strip).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}

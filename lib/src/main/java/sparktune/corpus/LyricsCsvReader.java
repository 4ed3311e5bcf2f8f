package sparktune.corpus;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.config.ConfigError;
import sparktune.config.SourceConfig;

/**
 * Lyrics CSV scrapes: a .csv file or a folder of them (UTF-8, header row, RFC 4180 quoting, quoted
 * fields may span lines). text/title/artist come from the configured columns. Natural key:
 * {@code <file>, <artist>, <title>, <n>} where n counts earlier records of the same file with the
 * same artist and title, so adding or removing other songs does not re-key a song. Origin:
 * {@code <file>:<record number>} (1-based, header excluded). Records Spark cannot parse (wrong field
 * count, broken quoting) are rejected as {@code malformed-csv-row}.
 */
final class LyricsCsvReader implements SourceReader {
  private static final String CORRUPT = "_corrupt_record";
  private final SourceConfig source;
  private List<String> header;
  private String root;

  LyricsCsvReader(SourceConfig source) {
    this.source = source;
  }

  @Override
  public void check(SparkSession spark) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    var status = InputCheck.status(conf, source);
    List<Path> files = InputCheck.files(conf, source, ".csv");
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
  }

  @Override
  public Dataset<Row> read(SparkSession spark) {
    StructType schema = new StructType();
    for (String h : header) {
      schema = schema.add(h, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    RelativePath relative = new RelativePath(root);
    var rel = udf((UDF1<String, String>) relative::of, DataTypes.StringType);
    Dataset<Row> rows = spark.read()
        .schema(schema)
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.csv")
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("encoding", "UTF-8")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .csv(source.path())
        // Ids grow in file order inside a partition; a multi-line CSV file is never split.
        .withColumn("_file", rel.apply(input_file_name()))
        .withColumn("_seq", monotonically_increasing_id());
    Column artist = field(source.artistColumn());
    Column title = field(source.titleColumn());
    Column record = row_number().over(Window.partitionBy("_file").orderBy("_seq"));
    Column occurrence = row_number().over(Window.partitionBy(col("_file"), artist, title).orderBy("_seq"));
    Column corrupt = col(CORRUPT).isNotNull();
    Column key = concat_ws("\u0000", col("_file"), artist, title, occurrence.cast("string"));
    Column corruptKey = concat_ws("\u0000", col("_file"), lit("#"), record.cast("string"));
    Column shownTitle = when(artist.notEqual("").and(title.notEqual("")), concat_ws(" - ", artist, title))
        .otherwise(when(title.notEqual(""), title));
    return rows.select(
        Tables.docId(source.name(), when(corrupt, corruptKey).otherwise(key)).as("doc_id"),
        lit(source.name()).as("source"),
        lit(source.lang()).as("lang"),
        when(corrupt, lit(null)).otherwise(shownTitle).cast("string").as("title"),
        when(corrupt, lit(null)).otherwise(col(source.textColumn())).cast("string").as("text"),
        concat_ws(":", col("_file"), record.cast("string")).as("origin"),
        record.cast("long").as("position"),
        when(corrupt, lit("malformed-csv-row")).cast("string").as("reason"),
        when(corrupt, concat_ws("", lit("record "), record.cast("string"), lit(" of "), col("_file"),
            lit(" could not be parsed (wrong field count or broken quoting)"))).cast("string").as("detail"));
  }

  private static Column field(String column) {
    return column.isEmpty() ? lit("") : coalesce(col(column), lit(""));
  }

  /** The header fields of a CSV file (quote-aware; a BOM is dropped). */
  static List<String> header(Configuration conf, Path file) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(file.getFileSystem(conf).open(file), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      if (line == null) {
        return List.of();
      }
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cur.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          out.add(cur.toString().strip());
          cur.setLength(0);
        } else {
          cur.append(c);
        }
      }
      out.add(cur.toString().strip());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}

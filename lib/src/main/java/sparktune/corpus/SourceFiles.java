package sparktune.corpus;

import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.config.SourceConfig;

/**
 * Reads the files a source's check listed as Spark {@code binaryFile} rows ({@code path},
 * {@code modificationTime}, {@code length}, {@code content}). Local files are read by their exact
 * paths, so what is read is what the listing found (it does not follow symbolic links to folders,
 * and Spark's own recursive listing would: a link to a parent folder repeats the tree until path
 * names get too long). On object stores, which have no links, Spark lists the prefix itself (a few
 * calls instead of one per file).
 */
final class SourceFiles {
  /** Hadoop glob metacharacters: a path handed to Spark is a glob pattern. */
  private static final Pattern GLOB = Pattern.compile("[\\\\{}\\[\\]*?]");

  private static final StructType SCHEMA = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("modificationTime", DataTypes.TimestampType, false)
      .add("length", DataTypes.LongType, false)
      .add("content", DataTypes.BinaryType, true);

  private SourceFiles() {}

  /**
   * @param files the listed files (qualified paths); empty files among them come back with empty content
   * @param glob the file name pattern used on object stores, e.g. {@code *.csv}
   * @param all whether {@code files} are all the source's files (else they are read by their paths everywhere)
   */
  static Dataset<Row> binary(SparkSession spark, SourceConfig source, List<Path> files, String glob, boolean all) {
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    if (all && !"file".equals(files.get(0).toUri().getScheme())) {
      return spark.read().format("binaryFile")
          .option("recursiveFileLookup", "true")
          .option("pathGlobFilter", glob)
          .load(source.path());
    }
    String[] paths = files.stream().map(p -> escape(p.toString())).toArray(String[]::new);
    return spark.read().format("binaryFile").load(paths);
  }

  /**
   * {@code parse} (one file row, path first -> rows of {@link Tables#RAW}) with each output row's
   * unit set to the file's path relative to the source.
   */
  static FlatMapFunction<Row, Row> inUnits(FlatMapFunction<Row, Row> parse, RelativePath relative) {
    return file -> {
      String unit = relative.of(file.getString(0));
      Iterator<Row> rows = parse.call(file);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          return RawRows.inUnit(rows.next(), unit);
        }
      };
    };
  }

  /** {@code path} with every glob metacharacter escaped, so it names exactly one file. */
  static String escape(String path) {
    return GLOB.matcher(path).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
  }
}

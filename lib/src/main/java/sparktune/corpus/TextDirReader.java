package sparktune.corpus;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SourceConfig;
import sparktune.text.Decoded;
import sparktune.text.Encodings;
import sparktune.text.Hashes;

/**
 * A folder of books, {@code <Author>/<Title>.txt} (any depth; other files such as info.csv are
 * ignored). Files are read as bytes and decoded by {@link Encodings} with the configured encoding
 * ({@code auto}: UTF-8, else windows-1251 or KOI8-R). Natural key and origin: the path relative to
 * the folder; title: the file name without {@code .txt}. Files larger than max-document-bytes are
 * rejected before decoding.
 */
final class TextDirReader implements SourceReader {
  private final SourceConfig source;
  private final long maxBytes;
  private String root;
  /** Zero-length files: Spark's file sources skip them, so they are rejected from the listing. */
  private List<String> emptyFiles = List.of();

  TextDirReader(SourceConfig source, long maxBytes) {
    this.source = source;
    this.maxBytes = maxBytes;
  }

  @Override
  public void check(SparkSession spark) {
    var conf = spark.sparkContext().hadoopConfiguration();
    var status = InputCheck.status(conf, source);
    if (!status.isDirectory()) {
      throw InputCheck.missing(source, "is not a folder");
    }
    List<org.apache.hadoop.fs.Path> files = InputCheck.files(conf, source, ".txt");
    if (files.isEmpty()) {
      throw InputCheck.missing(source, "holds no .txt files (expected <Author>/<Title>.txt)");
    }
    root = status.getPath().toUri().getPath();
    emptyFiles = InputCheck.emptyFiles(conf, files);
  }

  @Override
  public Dataset<Row> read(SparkSession spark) {
    String name = source.name();
    String lang = source.lang();
    String encoding = source.encoding();
    long max = maxBytes;
    RelativePath relative = new RelativePath(root);
    MapFunction<Row, Row> decode = file -> {
      String rel = relative.of(file.getString(0));
      String title = title(rel);
      String id = Hashes.docId(name, rel);
      long length = file.getLong(1);
      if (length > max) {
        return RowFactory.create(id, name, lang, title, null, rel, 0L, "too-large", length + " bytes > max-document-bytes " + max);
      }
      Decoded d = Encodings.decode(file.getAs(2), encoding);
      return RowFactory.create(id, name, lang, title, d.text(), rel, 0L, d.reason(), d.detail());
    };
    List<Row> empty = new ArrayList<>();
    for (String f : emptyFiles) {
      String rel = relative.of(f);
      empty.add(RowFactory.create(Hashes.docId(name, rel), name, lang, title(rel), null, rel, 0L, "empty", "empty file"));
    }
    return spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.txt")
        .load(source.path())
        .select("path", "length", "content")
        .map(decode, Encoders.row(Tables.RAW))
        .unionByName(spark.createDataFrame(empty, Tables.RAW));
  }

  private static String title(String rel) {
    return rel.substring(rel.lastIndexOf('/') + 1).replaceFirst("\\.txt$", "");
  }
}

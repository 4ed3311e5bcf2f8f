package sparktune.corpus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SourceConfig;
import sparktune.text.DecodedBytes;
import sparktune.text.TextValidity;

/**
 * Hugging Face "huggingartists" lyrics: {@code <artist>/datasets.json} holding
 * {@code {"train": ["lyrics", ...]}}. The path is one artist folder or a folder of them. One
 * document per string entry; natural key {@code <artist>/<index>} (0-based), origin
 * {@code <artist>/datasets.json#train[<index>]}. A non-string entry is rejected as
 * {@code malformed-entry}; a file that is not valid JSON or has no {@code train} list as
 * {@code malformed-json} (entries before the point of damage are kept). An entry whose text is not
 * valid ({@link TextValidity}) is rejected with its index.
 */
final class LyricsJsonReader implements SourceReader {
  private static final String FILE = "datasets.json";
  private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();
  private final SourceConfig source;
  private String root;
  /** The listed datasets.json files, one unit each. */
  private ListedFiles files;

  LyricsJsonReader(SourceConfig source) {
    this.source = source;
  }

  @Override
  public void check(SparkSession spark) {
    var conf = spark.sparkContext().hadoopConfiguration();
    var status = InputCheck.status(conf, source);
    var listed = InputCheck.fileStatuses(conf, source, FILE).stream().filter(p -> p.getPath().getName().equals(FILE)).toList();
    if (listed.isEmpty()) {
      throw InputCheck.missing(source, "holds no " + FILE + " (expected <artist>/" + FILE + ")");
    }
    root = status.getPath().toUri().getPath();
    files = new ListedFiles(listed, new RelativePath(root));
  }

  @Override
  public Map<String, String> fingerprints(Map<String, String> previous) {
    return files.fingerprints();
  }

  @Override
  public Dataset<Row> read(SparkSession spark, Set<String> units) {
    String name = source.name();
    String lang = source.lang();
    RelativePath relative = new RelativePath(root);
    String rootName = new Path(root).getName();
    Dataset<Row> files = SourceFiles.binary(spark, source, this.files.nonEmpty(units), FILE, units == null).select("path", "content");
    FlatMapFunction<Row, Row> parse = file -> {
      String rel = relative.of(file.getString(0));
      String artist = rel.equals(FILE) ? rootName : rel.substring(0, rel.length() - FILE.length() - 1);
      return parseFile(name, lang, artist, rel, file.getAs(1)).iterator();
    };
    List<Row> empty = new ArrayList<>();
    for (String f : this.files.empty(units)) {
      String rel = relative.of(f);
      String artist = rel.equals(FILE) ? rootName : rel.substring(0, rel.length() - FILE.length() - 1);
      empty.add(RawRows.inUnit(reject(name, lang, artist, rel, "empty file"), rel));
    }
    return files.flatMap(SourceFiles.inUnits(parse, relative), Encoders.row(Tables.RAW)).unionByName(spark.createDataFrame(empty, Tables.RAW));
  }

  /**
   * The rows of one datasets.json: documents, malformed-entry / malformed-json rejects, and the
   * entries whose text is not valid ({@link TextValidity}: bytes that are not UTF-8, escapes of NUL,
   * control characters or lone surrogates such as {@code "\ud800"}), rejected with their index.
   * The file is decoded here rather than by the JSON parser so that an invalid byte costs only the
   * entry that holds it; raw control characters inside strings are let through the parser for the
   * same reason.
   */
  static List<Row> parseFile(String source, String lang, String artist, String rel, byte[] content) {
    List<Row> out = new ArrayList<>();
    boolean sawTrain = false;
    DecodedBytes decoded = DecodedBytes.of(content, StandardCharsets.UTF_8);
    // A BOM becomes a space: JSON whitespace, and char offsets stay those of the decoded text.
    char[] chars = decoded.text().toCharArray();
    if (chars.length > 0 && chars[0] == '\uFEFF') {
      chars[0] = ' ';
    }
    try (JsonParser p = JSON.createParser(chars)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        out.add(reject(source, lang, artist, rel, "top level is not an object"));
        return out;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken value = p.nextToken();
        if (!field.equals("train") || value != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        sawTrain = true;
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
          if (t == null) {
            throw new IOException("unexpected end of file inside the train list");
          }
          String key = artist + "/" + index;
          String origin = rel + "#train[" + index + "]";
          if (t == JsonToken.VALUE_STRING) {
            int start = (int) p.currentTokenLocation().getCharOffset();
            String text = p.getText();
            TextValidity.Problem bad = decoded.problem(start, (int) p.currentLocation().getCharOffset());
            String title = artist + " #" + index;
            out.add(bad != null
                ? RawRows.rejected(source, lang, key, title, origin, index, bad.at("entry " + index))
                : RawRows.record(source, lang, key, title, text, origin, index, "entry " + index));
          } else {
            out.add(RawRows.rejected(source, lang, key, null, origin, index,
                "malformed-entry", "entry " + index + " is " + t.name().toLowerCase().replace("value_", "").replace("start_", "an ") + ", not a string"));
            p.skipChildren();
          }
        }
      }
      if (!sawTrain) {
        out.add(reject(source, lang, artist, rel, "no \"train\" list"));
      }
    } catch (JsonProcessingException e) {
      out.add(reject(source, lang, artist, rel, "invalid JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      out.add(reject(source, lang, artist, rel, "unreadable: " + e.getMessage()));
    }
    return out;
  }

  private static Row reject(String source, String lang, String artist, String rel, String detail) {
    return RawRows.rejected(source, lang, artist, null, rel, -1L, "malformed-json", detail);
  }
}

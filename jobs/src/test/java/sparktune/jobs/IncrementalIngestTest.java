package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.prep.TableSync;
import sparktune.spark.Warehouse;
import sparktune.testing.SharedSpark;

/**
 * A refresh reads only the source units whose fingerprint changed. A file rewritten with the same
 * length and modification time keeps its fingerprint, so its old text staying in documents proves
 * the file was not read.
 */
class IncrementalIngestTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void refreshReadsOnlyChangedUnitsAndFullReadReadsAll(@TempDir Path tmp) throws Exception {
    Corpus corpus = new Corpus(tmp).write();
    SparktuneConfig config = corpus.config();
    Warehouse wh = Warehouse.of(config.warehouse());
    JsonNode first = ingest(config);
    assertThat(first.get("units").get("books").get("whole_source").asBoolean()).as(first.toString()).isTrue();
    assertThat(first.get("units").get("wiki").get("units").asInt()).isEqualTo(2);
    Path koi = corpus.root.resolve("classics/Author B/koi.txt");
    String koiText = textOf(wh, "koi");
    assertThat(koiText).isEqualTo(Corpus.RU);

    // Unchanged sources: nothing is read and nothing is committed, even though koi.txt now holds
    // other text (same length, same modification time).
    String edited = Corpus.RU.replace("друг на друга", "друг за друга");
    sneakyRewrite(koi, edited.getBytes(Charset.forName("KOI8-R")));
    long documents = TableSync.version(spark, wh.documents());
    long rejects = TableSync.version(spark, wh.rejects());
    JsonNode unchanged = ingest(config);
    for (String source : List.of("wiki", "lyrics", "songs", "books")) {
      assertThat(unchanged.get("units").get(source).get("read").asInt()).as(unchanged.toString()).isZero();
    }
    assertThat(unchanged.get("in").asLong()).isZero();
    assertThat(TableSync.version(spark, wh.documents())).isEqualTo(documents);
    assertThat(TableSync.version(spark, wh.rejects())).isEqualTo(rejects);
    assertThat(textOf(wh, "koi")).isEqualTo(koiText);

    // One lyrics file changed and one book removed: only that file is read, the book's row goes.
    Map<String, Object> before = ingestedAt(wh);
    Path artist = corpus.root.resolve("lyrics/Artist One/datasets.json");
    Files.writeString(artist, "{\"train\": [\"" + Corpus.words("a rewritten song about the long road home tonight", 30) + "\"]}");
    Files.delete(corpus.root.resolve("classics/Толстой/Анна Каренина.txt"));
    JsonNode changed = ingest(config);
    assertThat(changed.get("units").get("lyrics").get("read").asInt()).as(changed.toString()).isEqualTo(1);
    assertThat(changed.get("units").get("books").get("read").asInt()).isZero();
    assertThat(changed.get("units").get("books").get("removed").asInt()).isEqualTo(1);
    assertThat(changed.get("units").get("wiki").get("read").asInt()).isZero();
    assertThat(changed.get("documents_table").toString()).contains("\"inserted\":0,\"updated\":1,\"deleted\":2");
    assertThat(changed.get("in").asLong()).isEqualTo(1);
    Map<String, Object> after = ingestedAt(wh);
    assertThat(after).doesNotContainKey("Анна Каренина").containsKey("Artist One #0").doesNotContainKey("Artist One #3");
    assertThat(after.get("Broken #0")).isEqualTo(before.get("Broken #0"));
    assertThat(after.get("Artist One #0")).isNotEqualTo(before.get("Artist One #0"));
    // The file's ingest rejects (an empty entry, a number) went with its old content.
    assertThat(spark.read().format("delta").load(wh.rejects()).where("stage = 'ingest' AND origin LIKE 'Artist One/%'").count()).isZero();
    assertThat(textOf(wh, "koi")).isEqualTo(koiText);

    // A changed SQLite table is read again; the other table of the same file is not.
    corpus.sql("UPDATE es SET body_text = 'Los gatos son mamíferos carnívoros pequeños y muy curiosos que viven con las personas.' WHERE title = 'Gatos'");
    JsonNode table = ingest(config);
    assertThat(table.get("units").get("wiki").get("read").asInt()).as(table.toString()).isEqualTo(1);
    assertThat(table.get("in").asLong()).isEqualTo(1);
    assertThat(table.get("documents_table").toString()).contains("\"inserted\":0,\"updated\":1,\"deleted\":0");

    // ingest.full-read reads every unit: koi.txt's new text arrives.
    SparktuneConfig full = ConfigLoader.load(ConfigFactory.parseString(corpus.hocon("[en, es]")), List.of("ingest.full-read=true"));
    JsonNode all = ingest(full);
    assertThat(all.get("units").get("books").get("whole_source").asBoolean()).as(all.toString()).isTrue();
    assertThat(textOf(wh, "koi")).isEqualTo(edited);
    assertThat(all.get("documents_table").toString()).contains("\"inserted\":0,\"updated\":1,\"deleted\":0");
  }

  /** New bytes of the same length, with the old modification time put back. */
  private static void sneakyRewrite(Path file, byte[] bytes) throws Exception {
    FileTime time = Files.getLastModifiedTime(file);
    assertThat(bytes.length).isEqualTo(Files.size(file));
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, time);
  }

  private JsonNode ingest(SparktuneConfig config) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobRunner.run("ingest", IngestJob::execute, spark, config, new PrintStream(out, true, StandardCharsets.UTF_8));
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    return JobSummary.parse(lines[lines.length - 1]);
  }

  private String textOf(Warehouse wh, String title) {
    return spark.read().format("delta").load(wh.documents()).where("title = '" + title + "'").first().getAs("text");
  }

  private Map<String, Object> ingestedAt(Warehouse wh) {
    Map<String, Object> out = new HashMap<>();
    for (Row r : spark.read().format("delta").load(wh.documents()).collectAsList()) {
      out.put(r.getAs("title"), r.getAs("ingested_at"));
    }
    return out;
  }
}

package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.prep.TableSync;
import sparktune.spark.Warehouse;
import sparktune.testing.SharedSpark;
import sparktune.text.Hashes;

/** ingest -> clean -> split on a hand-made corpus with every defect, then an unchanged and a changed refresh. */
class DataStagesTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void stagesAccountForEveryRowAndRefreshMergesWithoutMovingSplits(@TempDir Path tmp) throws Exception {
    Corpus corpus = new Corpus(tmp).write();
    SparktuneConfig config = corpus.config();
    Warehouse wh = Warehouse.of(config.warehouse());

    JsonNode ingest = run("ingest", IngestJob::execute, config);
    assertThat(ingest.get("in").asLong()).as(ingest.toString()).isEqualTo(29);
    assertThat(ingest.get("documents").asLong()).isEqualTo(18);
    assertThat(ingest.get("rejects_by_reason").toString()).isEqualTo(
        "{\"duplicate-key\":1,\"empty\":4,\"malformed-csv-row\":1,\"malformed-entry\":1,\"malformed-json\":1,"
            + "\"nul-bytes\":1,\"too-large\":1,\"undecodable\":1}");
    assertThat(ingest.get("per_source").get("books").get("in").asLong()).isEqualTo(7);
    assertThat(Files.exists(Path.of(wh.documents(), "_summary.json"))).isTrue();

    Map<String, Row> docs = byTitle(wh.documents());
    assertThat(docs.get("Анна Каренина").getAs("text").toString()).isEqualTo(Corpus.RU);
    assertThat(docs.get("koi").getAs("text").toString()).isEqualTo(Corpus.RU);
    assertThat(docs.get("Анна Каренина").getAs("doc_id").toString()).isEqualTo(Hashes.docId("books", "Толстой/Анна Каренина.txt"));
    assertThat(docs.get("Анна Каренина").getAs("origin").toString()).isEqualTo("Толстой/Анна Каренина.txt");
    assertThat(docs.get("bom").getAs("text").toString()).doesNotContain("\uFEFF", "\r").startsWith("a0 book1").contains(".\n");
    assertThat(docs.get("Dogs").getAs("text").toString()).contains("Dogs & wolves", "the wolf").doesNotContain("<p>", "[[");
    assertThat(docs.get("Cats").getAs("text").toString()).isEqualTo(Corpus.CATS);
    assertThat(docs.get("Cats").getAs("doc_id").toString()).isEqualTo(Hashes.docId("wiki", "https://en.wikibooks.org/wiki/Cats"));
    assertThat(docs.get("No url").getAs("origin").toString()).isEqualTo("en/No url");
    assertThat(docs.get("Ana - Luna").getAs("text").toString()).contains("\"comillas\"", "\nsegunda");
    assertThat(docs.get("Ana - Luna").getAs("origin").toString()).isEqualTo("songs.csv:2");
    assertThat(docs.get("Broken #0").getAs("origin").toString()).isEqualTo("Broken/datasets.json#train[0]");
    assertThat(docs.get("Gatos").getAs("lang").toString()).isEqualTo("es");

    JsonNode clean = run("clean", CleanJob::execute, config);
    assertThat(clean.get("in").asLong()).as(clean.toString()).isEqualTo(18);
    assertThat(clean.get("clean").asLong() + clean.get("rejected").asLong()).isEqualTo(18);
    assertThat(clean.get("rejects_by_reason").toString()).isEqualTo(
        "{\"duplicate\":2,\"near-duplicate\":1,\"repeated-lines\":1,\"symbol-ratio\":1,\"too-short\":1}");
    Map<String, Row> cleaned = byTitle(wh.clean());
    assertThat(cleaned).hasSize(12);
    assertThat(cleaned.get("Markup").getAs("text").toString())
        .isEqualTo("The Rhine river flows through Switzerland & Germany \u2014 about 1,230 km long, and it carries more water than any other river of the region.");
    // Each duplicate reject names its survivor, or a row that was itself dropped as a near-duplicate of one.
    Map<String, String> dropped = new HashMap<>();
    for (Row r : spark.read().format("delta").load(wh.rejects()).where("reason IN ('duplicate', 'near-duplicate')").collectAsList()) {
      dropped.put(r.getAs("doc_id"), r.getAs("detail").toString().replaceAll("^(near-)?duplicate of (\\w+).*", "$2"));
    }
    List<Object> cleanIds = cleaned.values().stream().map(d -> d.getAs("doc_id")).toList();
    assertThat(dropped).hasSize(3);
    for (String target : dropped.values()) {
      assertThat(cleanIds).contains(cleanIds.contains(target) ? target : dropped.get(target));
    }

    JsonNode split = run("split", SplitJob::execute, config);
    assertThat(split.get("assigned").asLong()).as(split.toString()).isEqualTo(12);
    assertThat(split.get("test_with_near_duplicate_in_train").asLong()).isZero();
    assertThat(split.get("clustered_documents").asLong()).isGreaterThanOrEqualTo(2);
    Map<String, Row> splitRows = byTitle(wh.clean());
    String catsSide = splitRows.values().stream().filter(r -> List.of("Cats", "Copy", "Near").contains(r.getAs("title").toString()))
        .findFirst().orElseThrow().getAs("split");
    assertThat(splitRows.get("Cats, in part").getAs("split").toString()).isEqualTo(catsSide);
    assertThat(split.get("signatures_computed").asLong()).isEqualTo(12);
    assertThat(split.get("signatures_cached").asLong()).isZero();

    // Unchanged inputs: no commit anywhere.
    long[] versions = versions(wh);
    run("ingest", IngestJob::execute, config);
    run("clean", CleanJob::execute, config);
    JsonNode again = run("split", SplitJob::execute, config);
    assertThat(again.get("assigned").asLong()).isZero();
    assertThat(versions(wh)).containsExactly(versions);
    // Every signature comes from the cache, and the graph built from them is the same.
    assertThat(again.get("signatures_computed").asLong()).isZero();
    assertThat(again.get("signatures_cached").asLong()).isEqualTo(12);
    for (String count : List.of("in", "train", "test", "clusters", "clustered_documents", "test_with_near_duplicate_in_train")) {
      assertThat(again.get(count)).as(count).isEqualTo(split.get(count));
    }
    assertThat(byTitle(wh.clean())).allSatisfy((title, row) -> assertThat((Object) row.getAs("split")).as(title).isEqualTo(splitRows.get(title).getAs("split")));

    // Add one book, change one page, remove one book.
    Files.writeString(corpus.root.resolve("classics/Author C/new.txt"), Corpus.words("a new book arrives in the corpus with fresh words", 40));
    corpus.sql("UPDATE en SET body_text = 'Dogs were the first domesticated animals, living beside people for thousands of years.' WHERE title = 'Dogs'");
    Files.delete(corpus.root.resolve("classics/Author C/bom.txt"));
    JsonNode changed = run("ingest", IngestJob::execute, config);
    assertThat(changed.get("documents_table").toString()).contains("\"inserted\":1,\"updated\":1,\"deleted\":1");
    run("clean", CleanJob::execute, config);
    JsonNode refreshed = run("split", SplitJob::execute, config);
    // The new book and the changed page are signed; the removed book's signature is dropped.
    assertThat(refreshed.get("signatures_computed").asLong()).as(refreshed.toString()).isEqualTo(2);
    assertThat(refreshed.get("signatures_cached").asLong()).isEqualTo(refreshed.get("in").asLong() - 2);
    assertThat(docIds(wh.minhashCache())).isEqualTo(docIds(wh.clean()));
    Map<String, Row> after = byTitle(wh.documents());
    assertThat(after).doesNotContainKey("bom").containsKey("new");
    assertThat(after.get("Dogs").getAs("text").toString()).startsWith("Dogs were the first");
    assertThat((Object) after.get("Dogs").getAs("ingested_at")).isNotEqualTo(docs.get("Dogs").getAs("ingested_at"));
    assertThat((Object) after.get("Gatos").getAs("ingested_at")).isEqualTo(docs.get("Gatos").getAs("ingested_at"));
    Map<String, Row> cleanAfter = byTitle(wh.clean());
    assertThat(cleanAfter).doesNotContainKey("bom");
    assertThat(cleanAfter.get("new").getAs("split").toString()).isIn("train", "test");
    for (Map.Entry<String, Row> e : splitRows.entrySet()) {
      if (cleanAfter.containsKey(e.getKey())) {
        assertThat(cleanAfter.get(e.getKey()).getAs("split").toString()).as(e.getKey()).isEqualTo(e.getValue().getAs("split"));
      }
    }

    // Another shingle size invalidates every cached signature.
    SparktuneConfig threeWords = ConfigLoader.load(ConfigFactory.parseString(corpus.hocon("[en, es]")), List.of("clean.shingle-size=3"));
    JsonNode rebuilt = run("split", SplitJob::execute, threeWords);
    assertThat(rebuilt.get("signatures_computed").asLong()).isEqualTo(rebuilt.get("in").asLong());
    assertThat(rebuilt.get("signatures_cached").asLong()).isZero();
  }

  private JsonNode run(String name, Job job, SparktuneConfig config) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobRunner.run(name, job, spark, config, new PrintStream(out, true, StandardCharsets.UTF_8));
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    return JobSummary.parse(lines[lines.length - 1]);
  }

  private Map<String, Row> byTitle(String table) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : spark.read().format("delta").load(table).collectAsList()) {
      out.put(r.getAs("title"), r);
    }
    return out;
  }

  private long[] versions(Warehouse wh) {
    return new long[] {TableSync.version(spark, wh.documents()), TableSync.version(spark, wh.clean()), TableSync.version(spark, wh.rejects()),
        TableSync.version(spark, wh.minhashCache())};
  }

  private Set<String> docIds(String table) {
    Set<String> out = new HashSet<>();
    for (Row r : spark.read().format("delta").load(table).select("doc_id").collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }
}

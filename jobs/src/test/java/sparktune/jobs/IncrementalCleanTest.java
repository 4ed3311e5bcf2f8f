package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.SparktuneConfig;
import sparktune.prep.TableSync;
import sparktune.spark.Warehouse;
import sparktune.testing.SharedSpark;

/**
 * A refresh cleans and signs only new or changed documents, yet catches exact and near duplicates
 * of documents cleaned in earlier runs, keeps every split, and still accounts for every document.
 */
class IncrementalCleanTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void refreshCleansOnlyChangedDocumentsAndCatchesDuplicatesOfOlderOnes(@TempDir Path tmp) throws Exception {
    Corpus corpus = new Corpus(tmp).write();
    SparktuneConfig config = corpus.config();
    Warehouse wh = Warehouse.of(config.warehouse());
    run("ingest", IngestJob::execute, config);
    JsonNode first = run("clean", CleanJob::execute, config);
    assertThat(first.get("cleaned").asLong()).as(first.toString()).isEqualTo(first.get("in").asLong()).isEqualTo(18);
    run("split", SplitJob::execute, config);
    Map<String, String> splits = splits(wh);

    // Unchanged documents: clean reads nothing and replays its counts; split too.
    long cleanVersion = TableSync.version(spark, wh.clean());
    JsonNode same = run("clean", CleanJob::execute, config);
    assertThat(same.get("up_to_date").asBoolean()).as(same.toString()).isTrue();
    assertThat(same.get("in")).isEqualTo(first.get("in"));
    assertThat(run("split", SplitJob::execute, config).get("up_to_date").asBoolean()).isTrue();
    assertThat(TableSync.version(spark, wh.clean())).isEqualTo(cleanVersion);

    // Two new books: an exact copy and a near copy of the Cats page cleaned in the first run.
    Path d = Files.createDirectories(corpus.root.resolve("classics/Author D"));
    Files.writeString(d.resolve("copy.txt"), Corpus.CATS);
    Files.writeString(d.resolve("near.txt"), Corpus.CATS.replaceFirst("small", "tiny"));
    run("ingest", IngestJob::execute, config);
    JsonNode refreshed = run("clean", CleanJob::execute, config);
    assertThat(refreshed.get("cleaned").asLong()).as(refreshed.toString()).isEqualTo(2);
    assertThat(refreshed.get("in").asLong()).isEqualTo(20);
    assertThat(refreshed.get("clean").asLong() + refreshed.get("rejected").asLong()).isEqualTo(20);
    assertThat(refreshed.get("clean").asLong()).isEqualTo(first.get("clean").asLong());
    JsonNode reasons = refreshed.get("rejects_by_reason");
    assertThat(reasons.get("duplicate").asLong()).isEqualTo(first.get("rejects_by_reason").get("duplicate").asLong() + 1);
    assertThat(reasons.get("near-duplicate").asLong()).isEqualTo(first.get("rejects_by_reason").get("near-duplicate").asLong() + 1);
    long cleanRows = spark.read().format("delta").load(wh.clean()).count();
    long cleanRejects = spark.read().format("delta").load(wh.rejects()).where("stage = 'clean'").count();
    assertThat(cleanRows).isEqualTo(refreshed.get("clean").asLong());
    assertThat(cleanRejects).isEqualTo(refreshed.get("rejected").asLong());

    JsonNode split = run("split", SplitJob::execute, config);
    assertThat(split.get("test_with_near_duplicate_in_train").asLong()).as(split.toString()).isZero();
    Map<String, String> after = splits(wh);
    splits.forEach((id, side) -> {
      if (after.containsKey(id)) {
        assertThat(after.get(id)).as(id).isEqualTo(side);
      }
    });
  }

  private Map<String, String> splits(Warehouse wh) {
    Map<String, String> out = new HashMap<>();
    for (Row r : spark.read().format("delta").load(wh.clean()).select("doc_id", "split").collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  private JsonNode run(String name, Job job, SparktuneConfig config) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobRunner.run(name, job, spark, config, new PrintStream(out, true, StandardCharsets.UTF_8));
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    return JobSummary.parse(lines[lines.length - 1]);
  }
}

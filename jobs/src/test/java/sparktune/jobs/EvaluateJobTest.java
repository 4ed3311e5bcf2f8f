package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.eval.EvalRow;
import sparktune.generate.DecodingConfig;
import sparktune.generate.Generation;
import sparktune.generate.Generator;
import sparktune.generate.Gpt2Lm;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;
import sparktune.testing.SharedSpark;
import sparktune.testing.TinyGpt2;
import sparktune.tokenizer.Gpt2Vocabulary;
import sparktune.train.LmLoss;

class EvaluateJobTest {
  @TempDir
  Path tmp;

  private static final Map<String, List<String>> DOCS = Map.of(
      "classics", List.of("It was the best of times, it was the worst of times. It was the age of wisdom.",
          "Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about a little.",
          "Happy families are all alike; every unhappy family is unhappy in its own way."),
      "lyrics", List.of("We all live in a yellow submarine, a yellow submarine, a yellow submarine.",
          "Is this the real life? Is this just fantasy? Caught in a landslide, no escape from reality."));

  @Test
  void evaluatesCheckpointsAndBaseModelIntoDeltaAndRendersTheReport() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path wh = tmp.resolve("warehouse");
    Map<String, List<int[]>> blocks = TinyShards.write(spark, wh, DOCS, 24);
    Path run = wh.resolve("runs/run");
    TinyGpt2.write(run.resolve("checkpoints/step-10"), 64, 1, 0.3);
    TinyGpt2.write(run.resolve("checkpoints/step-20"), 64, 2, 0.3);
    Path base = TinyGpt2.write(tmp.resolve("base"), 64, 3, 0.3);
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":10,\"loss\":9.1,\"lr\":0.001,\"grad_norm\":2.0}\n"
        + "{\"step\":20,\"loss\":8.2,\"lr\":0.0005,\"grad_norm\":1.5}\n{\"step\":20,\"eval_loss\":8.5,\"eval_ppl\":4914.8}\n");
    // clean/ with two test documents and one train document; entropy.jsonl knows one test and the train document
    String lyric = DOCS.get("lyrics").get(0);
    List<Row> clean = List.of(
        RowFactory.create("d1", "lyrics", lyric, sha256(lyric), "test"),
        RowFactory.create("d2", "classics", DOCS.get("classics").get(0), sha256(DOCS.get("classics").get(0)), "test"),
        RowFactory.create("d3", "classics", "A training document.", sha256("A training document."), "train"));
    spark.createDataFrame(clean, new StructType().add("doc_id", "string").add("source", "string").add("text", "string")
        .add("content_sha256", "string").add("split", "string")).write().format("delta").save(wh.resolve("clean").toString());
    int lyricBytes = lyric.getBytes(StandardCharsets.UTF_8).length;
    Path entropy = tmp.resolve("entropy.jsonl");
    Files.writeString(entropy, "{\"source\":\"lyrics\",\"text_sha256\":\"" + sha256(lyric) + "\",\"bits\":" + 2.0 * lyricBytes + "}\n"
        + "{\"source\":\"classics\",\"text_sha256\":\"" + sha256("A training document.") + "\",\"bits\":99.0}\n");
    SparktuneConfig config = ConfigLoader.load((Path) null, List.of(
        "sparktune.warehouse=\"" + wh + "\"", "model.init=\"" + base + "\"", "train.run=run", "eval.checkpoints=all",
        "eval.prompts=2", "eval.prompt-tokens=4", "eval.max-new-tokens=6", "eval.batch-size=2", "eval.entropy-file=\"" + entropy + "\""));

    JobSummary summary = EvaluateJob.execute(spark, config);

    List<EvalRow> rows = spark.read().format("delta").load(wh.resolve("eval").toString()).collectAsList().stream().map(EvalRow::fromRow).toList();
    assertThat(summary.get("targets")).isEqualTo(3);
    @SuppressWarnings("unchecked")
    Map<String, Object> beforeAfter = (Map<String, Object>) summary.get("before_after");
    assertThat(beforeAfter.get("before")).isEqualTo(base + "@base");
    assertThat(beforeAfter).containsKeys("perplexity", "bits-per-byte", "greedy/distinct-2");
    // exact corpus perplexity of step-20 against an independent sum of masked cross-entropy over the blocks
    double nll = 0;
    long count = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(run.resolve("checkpoints/step-20").toString(), null, m);
      for (List<int[]> source : blocks.values()) {
        for (int[] ids : source) {
          NDArray x = m.create(new int[][] {ids});
          NDArray logits = model.logits(x, false).get(":, :-1, :");
          NDArray targets = x.get(":, 1:");
          nll += LmLoss.mean(logits, targets).getFloat() * targets.size();
          count += targets.size();
        }
      }
    }
    EvalRow ppl = only(rows, "step-20", EvalRow.ALL, "", "perplexity");
    assertThat(ppl.n()).isEqualTo(count);
    assertThat(ppl.value()).isCloseTo(Math.exp(nll / count), within(Math.exp(nll / count) * 1e-4));
    long bytes = DOCS.values().stream().flatMap(List::stream).mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
    assertThat(only(rows, "step-20", EvalRow.ALL, "", "bits-per-byte").value()).isCloseTo(nll / Math.log(2) / bytes, within(1e-3));
    assertThat(rows.stream().filter(r -> r.metric().equals("perplexity")).map(r -> r.checkpoint() + "/" + r.source()))
        .containsExactlyInAnyOrder("base/classics", "base/lyrics", "base/all", "step-10/classics", "step-10/lyrics", "step-10/all",
            "step-20/classics", "step-20/lyrics", "step-20/all");

    // the true continuations have sentence breaks within 6 tokens; the random models' texts may not
    EvalRow coherence = only(rows, "step-20", EvalRow.ALL, "reference", "coherence");
    assertThat(coherence.embedder()).isEqualTo("hidden-mean:" + run.resolve("checkpoints/step-20"));
    assertThat(coherence.n()).isPositive();
    assertThat(only(rows, "step-20", EvalRow.ALL, "greedy", "distinct-1").decodingJson()).contains("\"strategy\":\"greedy\"");
    assertThat(only(rows, "base", "lyrics", "nucleus", "distinct-2").n()).isPositive();
    assertThat(only(rows, "step-10", "classics", "reference", "words-per-continuation").value()).isPositive();
    assertThat(rows).allSatisfy(r -> assertThat(r.run()).isEqualTo("run"));
    assertThat(rows).allSatisfy(r -> assertThat(r.embedder().isEmpty()).as(r.toString()).isEqualTo(r.decoding().isEmpty()));

    // the generator's entropy of the one matched test document next to the model's exact bits for it
    assertThat(only(rows, "step-20", "lyrics", "", "matched-documents").value()).isEqualTo(1.0);
    assertThat(only(rows, "step-20", EvalRow.ALL, "", "matched-generator-bits-per-byte").value()).isCloseTo(2.0, within(1e-12));
    double docNll = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(run.resolve("checkpoints/step-20").toString(), null, m);
      int[] body = Gpt2Vocabulary.tokenizer().encodeOrdinary(lyric);
      int[] ids = new int[body.length + 1];
      ids[0] = Gpt2Vocabulary.EOS_ID;
      System.arraycopy(body, 0, ids, 1, body.length);
      NDArray x = m.create(new int[][] {ids});
      NDArray targets = x.get(":, 1:");
      docNll = LmLoss.mean(model.logits(x, false).get(":, :-1, :"), targets).getFloat() * targets.size();
    }
    assertThat(only(rows, "step-20", "lyrics", "", "matched-model-bits-per-byte").value()).isCloseTo(docNll / Math.log(2) / lyricBytes, within(1e-3));

    String html = Files.readString(run.resolve("report.html"));
    assertThat(html).contains("Before and after fine-tuning", "Perplexity by checkpoint", "data:image/png;base64,", "Sample generations",
        "Model versus the generator");
    assertThat(html).doesNotContain("<script", "http://", "https://", "<link");
    // every target continues the same prompts with each decoding and the reference: targets x (2 decodings + reference) x prompts
    List<String> generations = Files.readAllLines(run.resolve("generations.jsonl"));
    assertThat(generations.size() % (3 * 3)).isZero();
    assertThat(generations.size() / 9).isBetween(2, 4);
    // the report, its generations and the summary come without Hadoop .crc side files
    try (var walk = Files.walk(run)) {
      assertThat(walk.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()).isEmpty();
    }
  }

  @Test
  void evaluatesTheBestCheckpointBeforeAndAfterOnFixedPrompts() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path wh = tmp.resolve("warehouse");
    TinyShards.write(spark, wh, DOCS, 24);
    Path run = wh.resolve("runs/book");
    TinyGpt2.write(run.resolve("checkpoints/step-10"), 64, 1, 0.3);
    TinyGpt2.write(run.resolve("checkpoints/step-20"), 64, 2, 0.3);
    Files.writeString(run.resolve("checkpoints/best.json"), "{\"step\": 10, \"eval_loss\": 3.5, \"checkpoint\": \"step-10\"}\n");
    Path base = TinyGpt2.write(tmp.resolve("base"), 64, 3, 0.3);
    SparktuneConfig config = ConfigLoader.load((Path) null, List.of(
        "sparktune.warehouse=\"" + wh + "\"", "model.init=\"" + base + "\"", "train.run=book", "eval.checkpoints=best",
        "eval.prompts=0", "eval.max-new-tokens=6", "eval.fixed-prompts=[\"The old house\", \"Lorem ipsum\", \"\"]"));

    JobSummary summary = EvaluateJob.execute(spark, config);

    @SuppressWarnings("unchecked")
    Map<String, Object> beforeAfter = (Map<String, Object>) summary.get("before_after");
    assertThat(beforeAfter.get("before")).isEqualTo(base + "@base");
    assertThat(beforeAfter.get("after")).isEqualTo(run + "@step-10");
    // 2 targets x 2 decodings x 3 fixed prompts, no reference (a fixed prompt has no true continuation)
    List<JsonNode> generations = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("generations.jsonl"))) {
      generations.add(new ObjectMapper().readTree(line));
    }
    assertThat(generations).hasSize(12).allSatisfy(g -> assertThat(g.get("source").asText()).isEqualTo(EvalRow.FIXED_PROMPTS));
    assertThat(generations).extracting(g -> g.get("prompt").asText()).contains("The old house", "Lorem ipsum", "<|endoftext|>");
    // the job's greedy continuation of the best checkpoint is what the model generates on its own
    JsonNode greedy = generations.stream().filter(g -> g.get("decoding").asText().equals("greedy") && g.get("promptIndex").asInt() == 0
        && g.get("dir").asText().endsWith("step-10")).findFirst().orElseThrow();
    try (NDManager m = NDManager.newBaseManager();
         Gpt2Lm lm = new Gpt2Lm(HfModelDir.load(run.resolve("checkpoints/step-10").toString(), null, m), m)) {
      int[] prompt = Gpt2Vocabulary.tokenizer().encode("The old house");
      Generation g = Generator.generate(lm, prompt, DecodingConfig.greedy(), 6, lm.eosId(), true);
      assertThat(greedy.get("text").asText()).isEqualTo(Gpt2Vocabulary.tokenizer().decode(g.tokens()));
    }
    List<EvalRow> rows = spark.read().format("delta").load(wh.resolve("eval").toString()).collectAsList().stream().map(EvalRow::fromRow).toList();
    assertThat(only(rows, "step-10", EvalRow.FIXED_PROMPTS, "nucleus", "type-token-ratio").n()).isEqualTo(3);
    assertThat(rows).noneMatch(r -> !r.decoding().isEmpty() && r.source().equals(EvalRow.ALL));
    assertThat(rows).noneMatch(r -> r.checkpoint().equals("step-20"));
    assertThat(Files.readString(run.resolve("report.html"))).contains("Sample generations", "The old house", "Lorem ipsum");
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static EvalRow only(List<EvalRow> rows, String checkpoint, String source, String decoding, String metric) {
    List<EvalRow> hits = new ArrayList<>();
    for (EvalRow r : rows) {
      if (r.checkpoint().equals(checkpoint) && r.source().equals(source) && r.decoding().equals(decoding) && r.metric().equals(metric)) {
        hits.add(r);
      }
    }
    assertThat(hits).as("%s %s %s %s", checkpoint, source, decoding, metric).hasSize(1);
    return hits.get(0);
  }

}

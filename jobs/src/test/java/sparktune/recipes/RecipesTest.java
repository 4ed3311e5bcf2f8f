package sparktune.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.eval.EvalRow;
import sparktune.jobs.JobRunner;
import sparktune.jobs.JobSummary;
import sparktune.jobs.Stages;
import sparktune.run.BestCheckpoint;
import sparktune.spark.Warehouse;
import sparktune.testing.JsonLines;
import sparktune.testing.OneTorchThread;
import sparktune.testing.SharedSpark;
import sparktune.train.TensorFile;

/**
 * Each recipe of conf/examples, loaded from its file and run at tiny sizes on the sample corpora:
 * prepare, train, and the checks of what the recipe promises (plots, optimizer state, best
 * checkpoint, stages). The pretrained models are tiny GPT-2 directories made by {@link TinyModels}.
 */
@ExtendWith(OneTorchThread.class)
class RecipesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int WIKIBOOKS_LIMIT = 12;
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir static Path tmp;
  static Path samples;
  /** The pretrained model of every fine-tuning recipe, in the layout of rugpt3small_based_on_gpt2 (vocab.json + merges.txt). */
  static Path model;
  /** Warehouse shared by the fine-tuning recipes (one tokenizer: the model's). */
  static Path sharedWarehouse;

  @BeforeAll
  static void setUp() throws Exception {
    samples = tmp.resolve("samples");
    sparktune.samples.SampleCorpora.write(samples, 150_000, 42, QUIET);
    model = TinyModels.write(tmp.resolve("models/tiny-gpt2"), TinyModels.tokenizer(samples, 400));
  }

  /** The recipe file with its sources' paths replaced and the test's overrides applied. */
  static SparktuneConfig recipe(String file, Map<String, Path> paths, List<String> extraSources, String... sets) {
    Config c = ConfigFactory.parseFile(Path.of("..", "conf", "examples", file).toFile());
    List<Object> sources = new ArrayList<>();
    for (Config s : c.getConfigList("sparktune.sources")) {
      Config entry = s.withValue("path", ConfigValueFactory.fromAnyRef(paths.get(s.getString("name")).toString()));
      if (entry.hasPath("chunk-chars")) {
        entry = entry.withValue("chunk-chars", ConfigValueFactory.fromAnyRef(500)); // a sample book is ~10 kB
      }
      if (entry.hasPath("limit")) {
        entry = entry.withValue("limit", ConfigValueFactory.fromAnyRef(WIKIBOOKS_LIMIT)); // the sample's ru table is smaller than 3,300 rows
      }
      sources.add(entry.root().unwrapped());
    }
    for (String other : extraSources) {
      sources.addAll(recipe(other, paths, List.of()).resolved().getList("sparktune.sources").unwrapped());
    }
    c = c.withValue("sparktune.sources", ConfigValueFactory.fromIterable(sources));
    List<String> all = new ArrayList<>(List.of("tokenize.block-size=32", "train.log-every=1", "eval.max-new-tokens=8"));
    if (c.getInt("eval.prompts") > 2) {
      all.add("eval.prompts=2"); // held-out prompts per source
    }
    all.addAll(Arrays.asList(sets));
    return ConfigLoader.load(c, all);
  }

  static JobSummary run(String stage, SparktuneConfig config) throws Exception {
    return JobRunner.run(stage, Stages.find(stage).orElseThrow(), SharedSpark.get(), config, QUIET);
  }

  static void prepare(SparktuneConfig config) throws Exception {
    for (String stage : Stages.PREPARE) {
      run(stage, config);
    }
  }

  static Map<String, Path> paths() throws Exception {
    return Map.of(
        "artist", TinyModels.firstArtist(samples),
        "book", TinyModels.largestBook(samples),
        "lyrics-es", samples.resolve("lyrics-csv/lyrics.csv"),
        "wikibooks-ru", samples.resolve("wikibooks.sqlite"),
        "classics", samples.resolve("classics"));
  }

  /**
   * The fine-tuning recipes (1, 2, 3, 5) share one prepared warehouse holding all their sources; it
   * also ingests, cleans and splits the classics of recipe 4, which tokenizes a copy of it.
   */
  static synchronized Path sharedWarehouse() throws Exception {
    if (sharedWarehouse == null) {
      Path w = tmp.resolve("warehouse-shared");
      prepare(recipe("artist-lyrics.conf", paths(), List.of("book.conf", "spanish-lyrics-stages.conf", "wikibooks-ru.conf", "classics-scratch.conf"),
          "sparktune.warehouse=" + w, "tokenize.tokenizer=" + model));
      sharedWarehouse = w;
    }
    return sharedWarehouse;
  }

  /** Copies documents, clean and rejects (everything but shards/ and runs/) into a new warehouse. */
  static void copyPrepared(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path rel = from.relativize(p);
        if (rel.getNameCount() > 0 && (rel.getName(0).toString().equals("shards") || rel.getName(0).toString().equals("runs"))) {
          continue;
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(to.resolve(rel.toString()));
        } else {
          Files.copy(p, to.resolve(rel.toString()));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> beforeAfter(JobSummary evaluate) {
    return (Map<String, Object>) evaluate.get("before_after");
  }

  /** The eval table's rows of one run. */
  static List<EvalRow> evalRows(Path warehouse, String run) {
    return SharedSpark.get().read().format("delta").load(Warehouse.of(warehouse.toString()).eval()).where("run = '" + run + "'")
        .collectAsList().stream().map(EvalRow::fromRow).toList();
  }

  static List<JsonNode> generations(String runDir) throws Exception {
    return JsonLines.read(Path.of(runDir, "generations.jsonl"));
  }

  static List<JsonNode> metrics(String runDir) throws Exception {
    return JsonLines.read(Path.of(runDir, "metrics.jsonl"));
  }

  @Test
  void artistLyricsFineTuneAccumulatesGradientsAndPlots() throws Exception {
    Path w = sharedWarehouse();
    SparktuneConfig cfg = recipe("artist-lyrics.conf", paths(), List.of(), "sparktune.warehouse=" + w, "tokenize.tokenizer=" + model,
        "model.init=" + model, "train.sources=[artist]", "train.max-steps=4");
    assertThat(cfg.train().gradAccum()).isEqualTo(4);
    assertThat(cfg.train().labelSmoothing()).isEqualTo(0.1);
    assertThat(cfg.eval().decoding()).hasSize(1);
    JobSummary s = run("train", cfg);

    assertThat(s.get("steps")).isEqualTo(4L);
    // 2 sequences x 4 micro-batches x 32 tokens per step, less padding at document ends
    long tokens = (Long) s.get("tokens");
    assertThat(tokens).isLessThanOrEqualTo(4 * 2 * 4 * 32).isGreaterThan(4 * 2 * 2 * 32);
    String runDir = Warehouse.of(w.toString()).run("artist-lyrics");
    for (String plot : List.of("loss.png", "lr.png", "grad_norm.png")) {
      assertThat(Path.of(runDir, plot)).isNotEmptyFile();
    }
    List<Double> lrs = metrics(runDir).stream().filter(n -> n.has("lr")).map(n -> n.get("lr").asDouble()).toList();
    assertThat(lrs).hasSize(4).allSatisfy(lr -> assertThat(lr).isLessThanOrEqualTo(2e-5));
    assertThat(lrs.get(0)).isGreaterThan(lrs.get(3)); // linear decay
    assertThat(Path.of(String.valueOf(s.get("checkpoint")), "merges.txt")).exists();

    JobSummary e = run("evaluate", cfg);
    assertThat(beforeAfter(e)).containsEntry("before", model + "@base").containsEntry("after", runDir + "@step-4");
    assertThat(evalRows(w, "artist-lyrics")).filteredOn(r -> r.decoding().equals("sample-k50-p95") && r.metric().equals("distinct-2"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.decodingJson()).contains("\"strategy\":\"sample\"", "\"temperature\":1.0", "\"top-k\":50", "\"top-p\":0.95"));
    assertThat(Path.of(runDir, "report.html")).isNotEmptyFile();
  }

  @Test
  void wikibooksRuReadsTheFirstRowsAndTrainsWithAdafactorAndResumes() throws Exception {
    Path w = sharedWarehouse();
    SparktuneConfig cfg = recipe("wikibooks-ru.conf", paths(), List.of(), "sparktune.warehouse=" + w, "tokenize.tokenizer=" + model,
        "model.init=" + model, "train.sources=[wikibooks-ru]", "train.precision=fp32", "train.batch-size=4", "train.grad-accum=2",
        "train.max-steps=3");
    SparkSession spark = SharedSpark.get();
    Warehouse wh = Warehouse.of(w.toString());
    long documents = spark.read().format("delta").load(wh.documents()).where("source = 'wikibooks-ru'").count();
    long ingestRejects = spark.read().format("delta").load(wh.rejects()).where("stage = 'ingest' AND source = 'wikibooks-ru'").count();
    assertThat(documents + ingestRejects).isEqualTo(WIKIBOOKS_LIMIT);
    assertThat(ingestRejects).as("the sample's first ru rows include empty bodies").isPositive();

    assertThat(cfg.train().optimizer()).isEqualTo("adafactor");
    JobSummary first = run("train", cfg);
    Path ckpt = Path.of(String.valueOf(first.get("checkpoint")));
    assertThat(TensorFile.read(ckpt.resolve("trainer_state/optimizer.safetensors")).keySet())
        .anyMatch(k -> k.startsWith("exp_avg_sq_row."))
        .anyMatch(k -> k.startsWith("exp_avg_sq."))
        .noneMatch(k -> k.startsWith("exp_avg."));
    assertThat(ckpt.resolve("vocab.json")).exists();

    JobSummary resumed = run("train", cfg.with("train.resume", true).with("train.max-steps", 5));
    assertThat(resumed.get("steps")).isEqualTo(5L);
    assertThat(metrics(wh.run("wikibooks-ru")).stream().filter(n -> n.has("loss")).map(n -> n.get("step").asLong()))
        .containsExactly(1L, 2L, 3L, 4L, 5L);

    // beam search over sampled continuations: 2 beams, temperature 1.5, top-p 0.9; 16 prompt tokens + at most 8 new ones
    run("evaluate", cfg);
    List<JsonNode> beamSample = generations(wh.run("wikibooks-ru")).stream().filter(g -> g.get("decoding").asText().equals("beam2-sample")).toList();
    assertThat(beamSample).isNotEmpty().allSatisfy(g -> assertThat(g.get("newTokens").asInt()).isBetween(1, 8));
    assertThat(evalRows(w, "wikibooks-ru")).filteredOn(r -> r.decoding().equals("beam2-sample")).isNotEmpty()
        .allSatisfy(r -> assertThat(r.decodingJson()).contains("\"num-beams\":2", "\"temperature\":1.5", "\"top-p\":0.9"));
  }

  @Test
  void bookFineTuneEvaluatesEveryEpochAndKeepsTheBestCheckpoint() throws Exception {
    Path w = sharedWarehouse();
    SparktuneConfig cfg = recipe("book.conf", paths(), List.of(), "sparktune.warehouse=" + w, "tokenize.tokenizer=" + model,
        "model.init=" + model, "train.sources=[book]", "train.batch-size=8", "train.lr=3e-3");
    assertThat(cfg.eval().fixedPrompts()).containsExactly("The old house", "Lorem ipsum", "");
    Path book = paths().get("book");
    List<String> origins = SharedSpark.get().read().format("delta").load(Warehouse.of(w.toString()).documents())
        .where("source = 'book'").select("origin").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(origins).hasSizeGreaterThan(5)
        .allSatisfy(o -> assertThat(o).startsWith(book.getParent().getFileName() + "/" + book.getFileName() + "#"));
    JobSummary s = run("train", cfg);

    String runDir = Warehouse.of(w.toString()).run("book");
    List<JsonNode> evals = metrics(runDir).stream().filter(n -> n.has("eval_loss")).toList();
    assertThat(evals).extracting(n -> n.get("eval_epoch").asLong()).containsExactly(1L, 2L, 3L);
    assertThat(evals).allSatisfy(n -> assertThat(n.get("eval_ppl").asDouble()).isCloseTo(Math.exp(n.get("eval_loss").asDouble()),
        org.assertj.core.api.Assertions.within(1e-3 * n.get("eval_ppl").asDouble())));
    JsonNode best = evals.stream().min((a, b) -> Double.compare(a.get("eval_loss").asDouble(), b.get("eval_loss").asDouble())).orElseThrow();
    JsonNode pointer = JSON.readTree(Files.readString(Path.of(runDir, "checkpoints", BestCheckpoint.FILE)));
    assertThat(pointer.get("step").asLong()).isEqualTo(best.get("step").asLong());
    assertThat(Path.of(runDir, "checkpoints", "step-" + pointer.get("step").asLong(), "model.safetensors")).exists();
    assertThat(Path.of(String.valueOf(s.get("checkpoint")))).exists();

    // before (the pretrained model) and after (the best checkpoint) on the three fixed prompts, greedy and nucleus
    JobSummary e = run("evaluate", cfg);
    assertThat(beforeAfter(e)).containsEntry("before", model + "@base").containsEntry("after", runDir + "@step-" + pointer.get("step").asLong());
    List<JsonNode> generated = generations(runDir);
    assertThat(generated).hasSize(2 * 2 * 3).allSatisfy(g -> assertThat(g.get("source").asText()).isEqualTo(EvalRow.FIXED_PROMPTS));
    assertThat(generated).extracting(g -> g.get("decoding").asText()).containsOnly("greedy", "nucleus");
    assertThat(generated).extracting(g -> g.get("prompt").asText()).contains("The old house", "Lorem ipsum");
    assertThat(Files.readString(Path.of(runDir, "report.html"))).contains("Before and after fine-tuning", "The old house");
  }

  @Test
  void classicsFromScratchTrainsItsOwnTokenizerAndLowersTheLoss() throws Exception {
    Path w = tmp.resolve("warehouse-classics");
    copyPrepared(sharedWarehouse(), w);
    SparktuneConfig cfg = recipe("classics-scratch.conf", paths(), List.of(), "sparktune.warehouse=" + w, "tokenize.vocab-size=300",
        "model.n-embd=32", "model.n-head=4", "train.batch-size=8", "train.max-steps=20", "train.warmup-steps=2", "train.lr=3e-3",
        "train.eval-every=10");
    assertThat(cfg.model().nLayer()).isEqualTo(3);
    run("tokenize", cfg);
    JobSummary s = run("train", cfg.with("train.sources", List.of("classics")));

    JsonNode config = JSON.readTree(Files.readString(Path.of(String.valueOf(s.get("checkpoint")), "config.json")));
    assertThat(config.get("n_layer").asInt()).isEqualTo(3);
    assertThat(config.get("vocab_size").asInt()).isEqualTo(300);
    List<Double> losses = metrics(Warehouse.of(w.toString()).run("classics-scratch")).stream().filter(n -> n.has("loss"))
        .map(n -> n.get("loss").asDouble()).toList();
    assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) - 0.5);
    assertThat(Path.of(Warehouse.of(w.toString()).run("classics-scratch"), "loss.png")).isNotEmptyFile();

    run("evaluate", cfg.with("train.sources", List.of("classics")));
    // a trained model beats the uniform guess over its 300 ids on the held-out books
    EvalRow ppl = evalRows(w, "classics-scratch").stream()
        .filter(r -> r.source().equals("classics") && r.decoding().isEmpty() && r.metric().equals("perplexity")).findFirst().orElseThrow();
    assertThat(ppl.value()).isLessThan(300 / 2.0);
    assertThat(generations(Warehouse.of(w.toString()).run("classics-scratch"))).anyMatch(g -> g.get("decoding").asText().equals("sample"));
  }

  @Test
  void spanishLyricsStagesTrainOnSuccessiveQuartersFromTheLastModel() throws Exception {
    Path w = sharedWarehouse();
    String init = model.toString();
    List<Long> tokens = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      SparktuneConfig cfg = recipe("spanish-lyrics-stages.conf", paths(), List.of(), "sparktune.warehouse=" + w,
          "tokenize.tokenizer=" + model, "train.sources=[lyrics-es]", "train.epochs=1", "train.save-every=2",
          "train.run=stage-" + k, "train.data-part=" + k + "/4", "model.init=" + init);
      JobSummary s = run("train", cfg);
      tokens.add((Long) s.get("tokens"));
      String runDir = Warehouse.of(w.toString()).run("stage-" + k);
      try (var dirs = Files.list(Path.of(runDir, "checkpoints"))) {
        assertThat(dirs.filter(p -> p.getFileName().toString().startsWith("step-"))).hasSizeLessThanOrEqualTo(2);
      }
      assertThat(String.valueOf(s.get("checkpoint"))).startsWith(runDir);
      // evaluated after the stage against the model it started from; the report plots the stages so far
      run("evaluate", cfg.with("eval.prompt-tokens", 8));
      String report = Files.readString(Path.of(runDir, "report.html"));
      assertThat(report).contains("Across runs", "<td>" + k + "</td><td>stage-" + k + "</td>").doesNotContain("<td>stage-" + (k + 1) + "</td>");
      assertThat(Path.of(runDir, "compare-perplexity.png")).isNotEmptyFile();
      assertThat(Path.of(runDir, "compare-generation.png")).isNotEmptyFile();
      init = String.valueOf(s.get("checkpoint"));
    }
    assertThat(Files.readString(Path.of(Warehouse.of(w.toString()).run("stage-4"), "report.html")))
        .contains("<td>0</td><td>before</td><td>tiny-gpt2</td><td>base</td>");
    // one epoch over each quarter: four non-empty parts of similar size
    assertThat(tokens).allSatisfy(t -> assertThat(t).isPositive());
    assertThat(tokens.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isLessThan(2 * tokens.stream().mapToLong(Long::longValue).min().orElseThrow());
  }
}

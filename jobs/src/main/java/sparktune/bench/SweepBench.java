package sparktune.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigLoader;
import sparktune.config.ModelConfig;
import sparktune.config.SparktuneConfig;
import sparktune.jobs.EvaluateJob;
import sparktune.jobs.JobRunner;
import sparktune.jobs.JobSummary;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;
import sparktune.model.SafetensorsDtype;
import sparktune.shards.ShardManifest;
import sparktune.spark.LocalTree;
import sparktune.spark.SparkSessions;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.BpeTrainer;

/**
 * {@code sparktune bench sweep}: an evaluation sweep over a synthetic run of {@link #CHECKPOINTS}
 * checkpoints of the {@code bench train} model (GPT-2 4 layers, 4 heads, d 256, vocabulary 8000,
 * random weights) x 2 decoding configs (greedy, nucleus) on synthetic test shards and fixed prompts.
 * Times the first sweep, a second identical sweep (nothing to compute) and a sweep after one more
 * checkpoint was written (one unit to compute).
 */
public final class SweepBench implements Benchmark {
  static final int CHECKPOINTS = 6;
  static final int TEST_BLOCKS = 32;
  static final int NEW_TOKENS = 32;
  static final List<String> PROMPTS = List.of("the old house", "once upon a time", "she said that", "in the morning",
      "we walked along the", "a letter came", "the king and the", "after the rain");

  @Override
  public Map<String, Object> run(SparktuneConfig base, BenchArgs args, PrintStream err) throws Exception {
    Path dir = Files.createTempDirectory("sparktune-bench-sweep-");
    Path wh = dir.resolve("warehouse");
    BpeTokenizer tokenizer = tokenizer();
    Path tokenizerFile = Files.createDirectories(wh.resolve("tokenizer")).resolve("tokenizer.json");
    Files.writeString(tokenizerFile, tokenizer.toJson());
    SyntheticShards.write(wh, TrainBench.VOCAB, TrainBench.SEQ, 64, TEST_BLOCKS);
    pointAtTokenizer(wh.resolve("shards/test/" + ShardManifest.FILE), tokenizerFile, tokenizer);
    Path run = wh.resolve("runs/bench");
    for (int i = 1; i <= CHECKPOINTS; i++) {
      checkpoint(run, i * 100, tokenizer.eosId());
    }
    List<String> sets = new ArrayList<>(args.sets());
    sets.addAll(List.of("sparktune.warehouse=\"" + wh + "\"", "train.run=bench", "eval.checkpoints=all", "eval.prompts=0",
        "eval.max-new-tokens=" + NEW_TOKENS, "eval.fixed-prompts=[\"" + String.join("\", \"", PROMPTS) + "\"]"));
    SparktuneConfig config = ConfigLoader.load(args.conf(), sets);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", Map.of("n_layer", TrainBench.LAYERS, "n_head", TrainBench.HEADS, "n_embd", TrainBench.EMBD, "vocab", TrainBench.VOCAB,
        "n_positions", TrainBench.SEQ));
    out.put("checkpoints", CHECKPOINTS);
    out.put("decodings", config.eval().decoding().size());
    out.put("test_tokens", TEST_BLOCKS * TrainBench.SEQ);
    out.put("prompts", PROMPTS.size());
    out.put("new_tokens", NEW_TOKENS);
    out.put("generation_batch_size", config.eval().generationBatchSize());
    SparkSession spark = SparkSessions.create(config);
    try {
      double first = sweep(spark, config, "first sweep", err, out);
      double second = sweep(spark, config, "identical sweep", err, out);
      checkpoint(run, (CHECKPOINTS + 1) * 100, tokenizer.eosId());
      double added = sweep(spark, config, "one checkpoint added", err, out);
      out.put("first_sweep_seconds", round(first));
      out.put("identical_sweep_seconds", round(second));
      out.put("identical_vs_first", round(second / first));
      out.put("added_checkpoint_seconds", round(added));
      out.put("added_vs_first", round(added / first));
    } finally {
      spark.stop();
    }
    LocalTree.delete(dir);
    return out;
  }

  private static double sweep(SparkSession spark, SparktuneConfig config, String label, PrintStream err, Map<String, Object> out)
      throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    JobSummary s = JobRunner.run("evaluate", EvaluateJob::execute, spark, config, quiet);
    double seconds = (System.nanoTime() - t0) / 1e9;
    err.printf(java.util.Locale.ROOT, "bench sweep: %s: %.1f s, units done %s, skipped %s%n", label, seconds, s.get("units_done"),
        s.get("units_skipped"));
    out.put(label.replace(' ', '_') + "_units", Map.of("done", s.get("units_done"), "skipped", s.get("units_skipped")));
    return seconds;
  }

  /** A byte-level BPE of the bench vocabulary trained on pseudo-words, so prompts encode and continuations decode. */
  private static BpeTokenizer tokenizer() {
    Random rnd = new Random(0);
    Map<String, Long> counts = new LinkedHashMap<>();
    String letters = "etaoinshrdlcumwfgypbvkjxqz";
    for (int w = 0; w < 40_000; w++) {
      StringBuilder b = new StringBuilder("\u0120"); // byte-level space
      int length = 2 + rnd.nextInt(8);
      for (int i = 0; i < length; i++) {
        b.append(letters.charAt(Math.min(letters.length() - 1, (int) (-Math.log(1 - rnd.nextDouble()) * 5))));
      }
      counts.merge(b.toString(), 1L + rnd.nextInt(50), Long::sum);
    }
    for (String p : PROMPTS) {
      for (String word : p.split(" ")) {
        counts.merge("\u0120" + word, 100L, Long::sum);
      }
    }
    return BpeTrainer.train(counts, TrainBench.VOCAB);
  }

  private static void pointAtTokenizer(Path manifest, Path tokenizerFile, BpeTokenizer tokenizer) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(Files.readString(manifest));
    m.put("tokenizerPath", tokenizerFile.toString());
    m.put("tokenizerSha256", tokenizer.sha256());
    m.put("eosId", tokenizer.eosId());
    Files.writeString(manifest, json.writerWithDefaultPrettyPrinter().writeValueAsString(m));
  }

  private static void checkpoint(Path run, int step, int eosId) {
    ModelConfig mc = new ModelConfig("scratch", TrainBench.LAYERS, TrainBench.HEADS, TrainBench.EMBD, TrainBench.SEQ, 0.0, 1e-5);
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(Gpt2Config.fromModelConfig(mc, TrainBench.VOCAB, eosId), manager);
      model.initWeights(step);
      Path dir = run.resolve("checkpoints/step-" + step);
      HfModelDir.save(model, Files.createDirectories(dir).toString(), SafetensorsDtype.F32, null, null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

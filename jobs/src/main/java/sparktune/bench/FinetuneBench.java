package sparktune.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.jobs.StageRun;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;
import sparktune.model.SafetensorsDtype;

/**
 * {@code sparktune bench finetune [--size STEPS]}: GPT-2 small for real. Writes a random-init
 * 124 M GPT-2 (12 layers, 12 heads, d 768, vocabulary 50,257) in the published layout and synthetic
 * shards of 256-token blocks into a temporary warehouse, then runs the real {@code evaluate} stage
 * on that directory (perplexity over a few test blocks, two prompts with greedy decoding) and the
 * real {@code train} stage (batch 2, AdamW, fp32, a checkpoint at the end) in this JVM. For each phase it prints
 * throughput and the peak resident, heap and native memory next to the arithmetic floor: weights,
 * gradients and optimizer state plus the activations and logits of one batch.
 */
public final class FinetuneBench implements Benchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int LAYERS = 12;
  static final int HEADS = 12;
  static final int EMBD = 768;
  static final int VOCAB = 50257;
  static final int BLOCK = 256;
  static final int BATCH = 2;
  static final int TEST_BLOCKS = 16;
  static final int EVAL_BATCH = 8;

  @Override
  public Map<String, Object> run(SparktuneConfig unused, BenchArgs args, PrintStream err) throws Exception {
    int steps = Integer.parseInt(args.option("size", "4"));
    Path dir = Files.createTempDirectory("sparktune-bench-finetune-");
    Path modelDir = dir.resolve("gpt2");
    Path warehouse = dir.resolve("warehouse");
    Gpt2Config gc = new Gpt2Config(VOCAB, 1024, EMBD, LAYERS, HEADS, 4 * EMBD, 1e-5, 0.1, 0.1, 0.1, VOCAB - 1, VOCAB - 1);
    long params;
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(gc, manager);
      model.initWeights(0);
      params = model.parameterCount();
      HfModelDir.save(model, modelDir.toString(), SafetensorsDtype.F32, null, null);
    }
    SyntheticShards.write(warehouse, VOCAB, BLOCK, steps * BATCH + 8, TEST_BLOCKS, "gpt2", VOCAB - 1);
    List<String> sets = new ArrayList<>(List.of(
        "sparktune.warehouse=\"" + warehouse + "\"", "model.init=\"" + modelDir + "\"", "train.run=finetune",
        "train.batch-size=" + BATCH, "train.max-steps=" + steps, "train.warmup-steps=0", "train.log-every=1",
        "train.eval-every=" + steps, "train.eval-batches=2", "train.save-every=" + steps,
        "eval.prompts=2", "eval.max-new-tokens=16", "eval.batch-size=" + EVAL_BATCH,
        "eval.decoding=[{name=greedy, strategy=greedy}]"));
    sets.addAll(args.sets()); // the user's --set wins, e.g. train.precision=fp16 or eval.batch-size=2

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", Map.of("n_layer", LAYERS, "n_head", HEADS, "n_embd", EMBD, "vocab", VOCAB, "parameters", params,
        "block", BLOCK, "batch", BATCH));
    out.put("work_dir", dir.toString());
    // Evaluate first: memory that the process has touched stays resident after it is freed, so the
    // smaller phase is measured on a fresh process and the larger one grows from there.
    List<String> evalSets = new ArrayList<>(sets);
    evalSets.add(0, "eval.models=[\"" + modelDir + "\"]");
    try (MemorySampler sampler = new MemorySampler()) {
      err.println("bench finetune: evaluating " + modelDir + " on " + TEST_BLOCKS + " test blocks");
      JsonNode eval = stage("evaluate", ConfigLoader.load(args.conf(), evalSets), err);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("seconds", eval.get("seconds").asDouble());
      e.putAll(sampler.endPhase());
      e.put("floor_mb", evalFloor(params) >> 20);
      out.put("evaluate", e);

      err.println("bench finetune: training " + steps + " steps of " + BATCH + " x " + BLOCK + " tokens");
      sampler.startPhase();
      JsonNode train = stage("train", ConfigLoader.load(args.conf(), sets), err);
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("steps", train.get("steps").asLong());
      t.put("tokens_per_s", train.get("tokens_per_s").asDouble());
      t.put("seconds_per_step", round(train.get("train_seconds").asDouble() / train.get("steps").asLong()));
      t.putAll(sampler.endPhase());
      t.put("floor_mb", trainFloor(params) >> 20);
      out.put("train", t);
    }
    out.put("goal", "each phase's peak native memory within 2x its floor");
    return out;
  }

  /** Runs one stage in its own Spark session and returns its JSON summary. */
  private static JsonNode stage(String stage, SparktuneConfig config, PrintStream err) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int rc = StageRun.run(stage, List.of(stage), config, new PrintStream(captured, true, StandardCharsets.UTF_8), err);
    String text = captured.toString(StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(text.lines().toList());
    if (rc != 0 || lines.isEmpty()) {
      throw new IllegalStateException("bench finetune: " + stage + " failed (exit " + rc + "): " + text);
    }
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  /**
   * Training floor in bytes: fp32 weights, gradients and the two AdamW moments (16 P), the
   * activations kept for the backward pass of one batch (per layer about 16 B T d floats for the
   * linear and norm outputs and 3 B nh T^2 for attention scores, probabilities and dropout mask),
   * and the logits with their softmax and gradient (3 B T V floats).
   */
  static long trainFloor(long params) {
    long perLayer = 16L * BATCH * BLOCK * EMBD + 3L * BATCH * HEADS * BLOCK * BLOCK;
    return 16 * params + 4 * (LAYERS * perLayer + 3L * BATCH * BLOCK * VOCAB);
  }

  /** Evaluation floor in bytes: fp32 weights plus the logits and log-probabilities of one batch. */
  static long evalFloor(long params) {
    return 4 * params + 4 * 2L * EVAL_BATCH * BLOCK * VOCAB;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

package sparktune.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import sparktune.config.ModelConfig;
import sparktune.config.SparktuneConfig;
import sparktune.eval.SequenceScorer;
import sparktune.generate.BatchGenerator;
import sparktune.generate.DecodingConfig;
import sparktune.generate.Generation;
import sparktune.generate.Generator;
import sparktune.generate.Gpt2Lm;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.train.AdamW;
import sparktune.train.Batch;
import sparktune.train.Gpt2Factory;
import sparktune.train.LanguageModel;
import sparktune.train.LossScaler;
import sparktune.train.TrainStep;

/**
 * {@code sparktune bench eval [--size STEPS]}: on the {@code bench train} model (GPT-2 4 layers,
 * 4 heads, d 256, vocabulary 8000, B 8 x T 128, random weights and tokens): perplexity scoring
 * tokens/s next to training tokens/s (alternating, 3 rounds, medians), and greedy generation
 * tokens/s of 256 new tokens after a 16-token prompt with and without the KV cache, and batched
 * greedy generation tokens/s with the KV cache: 16 prompts of 9 to 16 tokens, 64 new tokens each,
 * decoded 1, 4 and 16 at a time.
 */
public final class EvalBench implements Benchmark {
  static final int NEW_TOKENS = 256;
  static final int PROMPT = 16;
  static final int ROUNDS = 3;
  static final int[] GENERATION_BATCHES = {1, 4, 16};
  static final int BATCH_PROMPTS = 16;
  static final int BATCH_NEW_TOKENS = 64;

  @Override
  public Map<String, Object> run(SparktuneConfig config, BenchArgs args, PrintStream err) throws Exception {
    int steps = Integer.parseInt(args.option("size", "8"));
    ai.djl.engine.Engine.getEngine("PyTorch");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", Map.of("n_layer", TrainBench.LAYERS, "n_head", TrainBench.HEADS, "n_embd", TrainBench.EMBD, "vocab", TrainBench.VOCAB,
        "seq_len", TrainBench.SEQ, "batch", TrainBench.BATCH));
    out.put("steps_per_round", steps);
    out.put("rounds", ROUNDS);
    out.put("threads", JniUtils.getNumThreads());
    Random rnd = new Random(0);

    ModelConfig mc = new ModelConfig("scratch", TrainBench.LAYERS, TrainBench.HEADS, TrainBench.EMBD, TrainBench.SEQ, 0.1, 1e-5);
    // context 512 so that prompt + 256 new tokens fit; these weights serve scoring and generation
    Gpt2Config gc = Gpt2Config.fromModelConfig(new ModelConfig("scratch", TrainBench.LAYERS, TrainBench.HEADS, TrainBench.EMBD, 512, 0.0, 1e-5),
        TrainBench.VOCAB, 0);
    NDManager manager = NDManager.newBaseManager();
    try (LanguageModel model = new Gpt2Factory(mc, 0).scratch(TrainBench.VOCAB, 0);
        TrainStep step = new TrainStep(model, new AdamW(model.parameters(), 0.9, 0.95, 1e-8, 0.1, model.manager()), LossScaler.none(), 1.0, 0, 0);
        Gpt2Lm lm = new Gpt2Lm(new Gpt2Model(gc, manager), manager)) {
      lm.model().initWeights(0);
      SequenceScorer scorer = new SequenceScorer(lm, 0, TrainBench.BATCH);
      for (int i = 0; i < TrainBench.WARMUP; i++) {
        step.run(List.of(batch(rnd)), 3e-4, i);
        scorer.score(sequences(rnd, TrainBench.BATCH));
      }
      // Alternate the two measurements so that load from other processes hits both alike; report medians.
      double[] train = new double[ROUNDS];
      double[] ppl = new double[ROUNDS];
      double[] ratio = new double[ROUNDS];
      long trainStep = TrainBench.WARMUP;
      for (int r = 0; r < ROUNDS; r++) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          step.run(List.of(batch(rnd)), 3e-4, trainStep++);
        }
        train[r] = (double) TrainBench.BATCH * TrainBench.SEQ * steps / ((System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        double scored = 0;
        for (int i = 0; i < steps; i++) {
          for (double[] s : scorer.score(sequences(rnd, TrainBench.BATCH))) {
            scored += s[1];
          }
        }
        ppl[r] = scored / ((System.nanoTime() - start) / 1e9);
        ratio[r] = ppl[r] / train[r];
        err.printf(java.util.Locale.ROOT, "bench eval: round %d: training %.0f tokens/s, perplexity %.0f tokens/s%n", r + 1, train[r], ppl[r]);
      }
      out.put("train_tokens_per_s", Math.round(median(train)));
      out.put("perplexity_tokens_per_s", Math.round(median(ppl)));
      out.put("perplexity_vs_train", Math.round(median(ratio) * 100) / 100.0);

      int[] prompt = java.util.Arrays.copyOf(sequences(rnd, 1).get(0), PROMPT);
      Generator.generate(lm, prompt, DecodingConfig.greedy(), 8, -1, true); // warm-up
      // cached runs are short: two before and two after the slow uncached run, median
      double[] cachedRuns = new double[4];
      cachedRuns[0] = generationRate(lm, prompt, true);
      cachedRuns[1] = generationRate(lm, prompt, true);
      double uncached = generationRate(lm, prompt, false);
      cachedRuns[2] = generationRate(lm, prompt, true);
      cachedRuns[3] = generationRate(lm, prompt, true);
      double cached = median(cachedRuns);
      err.printf(java.util.Locale.ROOT, "bench eval: generation cached %s tokens/s, uncached %.1f tokens/s%n",
          java.util.Arrays.toString(cachedRuns), uncached);
      out.put("generate_new_tokens", NEW_TOKENS);
      out.put("generate_cached_tokens_per_s", Math.round(cached * 10) / 10.0);
      out.put("generate_uncached_tokens_per_s", Math.round(uncached * 10) / 10.0);
      out.put("cache_speedup", Math.round(cached / uncached * 100) / 100.0);
      batchedGeneration(lm, rnd, out, err);
    }
    return out;
  }

  /** Tokens/s of greedy generation for the same prompts at each batch size, rounds alternating, medians. */
  private static void batchedGeneration(Gpt2Lm lm, Random rnd, Map<String, Object> out, PrintStream err) {
    List<int[]> prompts = new ArrayList<>();
    for (int[] s : sequences(rnd, BATCH_PROMPTS)) {
      prompts.add(java.util.Arrays.copyOf(s, PROMPT - rnd.nextInt(PROMPT / 2)));
    }
    BatchGenerator.generate(lm, prompts, DecodingConfig.greedy(), 4, -1, BATCH_PROMPTS); // warm-up
    double[][] rates = new double[GENERATION_BATCHES.length][ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      for (int b = 0; b < GENERATION_BATCHES.length; b++) {
        long start = System.nanoTime();
        long tokens = 0;
        for (Generation g : BatchGenerator.generate(lm, prompts, DecodingConfig.greedy(), BATCH_NEW_TOKENS, -1, GENERATION_BATCHES[b])) {
          tokens += g.tokens().length;
        }
        rates[b][r] = tokens / ((System.nanoTime() - start) / 1e9);
      }
      err.printf(java.util.Locale.ROOT, "bench eval: round %d: batched generation %.0f / %.0f / %.0f tokens/s at batch 1 / 4 / 16%n",
          r + 1, rates[0][r], rates[1][r], rates[2][r]);
    }
    Map<String, Object> byBatch = new LinkedHashMap<>();
    for (int b = 0; b < GENERATION_BATCHES.length; b++) {
      byBatch.put(String.valueOf(GENERATION_BATCHES[b]), Math.round(median(rates[b]) * 10) / 10.0);
    }
    out.put("generate_batch_prompts", BATCH_PROMPTS);
    out.put("generate_batch_new_tokens", BATCH_NEW_TOKENS);
    out.put("generate_batched_tokens_per_s", byBatch);
    out.put("batch16_vs_batch1", Math.round(median(rates[2]) / median(rates[0]) * 100) / 100.0);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double generationRate(Gpt2Lm lm, int[] prompt, boolean cache) {
    long start = System.nanoTime();
    Generation g = Generator.generate(lm, prompt, DecodingConfig.greedy(), NEW_TOKENS, -1, cache);
    return g.tokens().length / ((System.nanoTime() - start) / 1e9);
  }

  private static List<int[]> sequences(Random rnd, int n) {
    List<int[]> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      int[] ids = new int[TrainBench.SEQ];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = rnd.nextInt(TrainBench.VOCAB);
      }
      out.add(ids);
    }
    return out;
  }

  private static Batch batch(Random rnd) {
    int n = TrainBench.BATCH * TrainBench.SEQ;
    int[] ids = new int[n];
    long[] targets = new long[n];
    float[] mask = new float[n];
    for (int i = 0; i < n; i++) {
      ids[i] = rnd.nextInt(TrainBench.VOCAB);
      targets[i] = rnd.nextInt(TrainBench.VOCAB);
      mask[i] = 1f;
    }
    return new Batch(ids, targets, mask, TrainBench.BATCH, TrainBench.SEQ);
  }
}

package sparktune.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import sparktune.config.SparktuneConfig;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.model.KvCache;
import sparktune.train.LmLoss;

/**
 * {@code sparktune bench model}: GPT-2 of the configured {@code model.*} size with vocabulary 8000
 * on random ids, batch 8 x 128 tokens: forward (eval), forward + backward, and greedy decoding with
 * the KV cache (16-token prompt, 48 new tokens per row). Threads: {@code -Dai.djl.pytorch.num_threads}.
 */
public final class ModelBench implements Benchmark {
  private static final int VOCAB = 8000;
  private static final int B = 8;
  private static final int T = 128;
  private static final int ITERS = 5;

  @Override
  public Map<String, Object> run(SparktuneConfig config, BenchArgs args, PrintStream err) {
    Gpt2Config c = Gpt2Config.fromModelConfig(config.model(), VOCAB, VOCAB - 1);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", c.nLayer() + "L/" + c.nHead() + "H/d" + c.nEmbd() + "/V" + VOCAB);
    r.put("batch", B);
    r.put("seq_len", T);
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(c, manager);
      model.initWeights(1);
      r.put("parameters", model.parameterCount());
      NDArray ids = manager.randomInteger(0, VOCAB, new Shape(B, T), DataType.INT64);

      double fwd = timeMs(() -> {
        try (NDManager step = manager.newSubManager()) {
          NDArray x = ids.duplicate();
          x.attach(step);
          model.logits(x, false).toFloatArray();
        }
      });
      r.put("forward_ms", round(fwd));
      r.put("forward_tokens_per_s", Math.round(B * T / fwd * 1000));

      model.initialize(manager, DataType.FLOAT32, new Shape(B, T));
      double train = timeMs(() -> {
        try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray x = ids.duplicate();
          x.attach(step);
          NDArray logits = model.logits(x.get(new NDIndex(":, :-1")), true);
          gc.backward(LmLoss.mean(logits, x.get(new NDIndex(":, 1:"))));
        }
      });
      r.put("forward_backward_ms", round(train));
      r.put("forward_backward_tokens_per_s", Math.round(B * (T - 1) / train * 1000));

      int prompt = 16;
      int gen = 48;
      double decode = timeMs(() -> {
        try (NDManager run = manager.newSubManager(); KvCache cache = model.newCache(run)) {
          NDArray next = ids.get(new NDIndex(":, 0:{}", prompt));
          next.attach(run);
          for (int i = 0; i < gen; i++) {
            try (NDManager step = run.newSubManager()) {
              next.attach(step);
              NDArray logits = model.logits(next, cache, null); // (B, t, V)
              next = logits.get(new NDIndex(":, -1:")).argMax(-1).reshape(B, 1);
              next.attach(run);
            }
          }
        }
      });
      r.put("generate_ms", round(decode));
      r.put("generate_tokens_per_s", Math.round(B * gen / decode * 1000));
    }
    r.put("djl_threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    return r;
  }

  /** Mean milliseconds of {@code ITERS} runs after one warm-up run. */
  private static double timeMs(Runnable body) {
    body.run();
    long t0 = System.nanoTime();
    for (int i = 0; i < ITERS; i++) {
      body.run();
    }
    return (System.nanoTime() - t0) / 1e6 / ITERS;
  }

  private static double round(double ms) {
    return Math.round(ms * 10) / 10.0;
  }
}

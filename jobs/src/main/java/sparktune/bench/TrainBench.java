package sparktune.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import sparktune.config.ConfigError;
import sparktune.config.ModelConfig;
import sparktune.config.SparktuneConfig;
import sparktune.train.AdamW;
import sparktune.train.Batch;
import sparktune.train.Gpt2Factory;
import sparktune.train.LanguageModel;
import sparktune.train.LossScaler;
import sparktune.train.StepPhases;
import sparktune.train.TrainStep;

/**
 * {@code sparktune bench train [--size STEPS] [--vocab V]}: tokens/s of one training step (forward,
 * backward, clipping, AdamW) of a GPT-2 with 4 layers, 4 heads, d 256, vocabulary V (default 8000),
 * T 128, B 8, dropout 0.1, on random tokens; then the same step in plain PyTorch eager (the bundled
 * reference_train.py) when python3 with torch is installed, at the same thread count. Reports
 * tokens per wall-clock second and per CPU-second of each process (the steadier figure when other
 * processes share the cores), both ratios, the same for each program's fastest step (the least
 * disturbed by other load), and each program's time per step by phase (forward, loss, backward,
 * optimizer).
 */
public final class TrainBench implements Benchmark {
  static final int LAYERS = 4;
  static final int HEADS = 4;
  static final int EMBD = 256;
  static final int VOCAB = 8000;
  static final int MIN_VOCAB = 16;
  static final int MAX_VOCAB = 1_000_000;
  static final int SEQ = 128;
  static final int BATCH = 8;
  static final int WARMUP = 2;

  @Override
  public Map<String, Object> run(SparktuneConfig config, BenchArgs args, PrintStream err) throws Exception {
    int steps = Integer.parseInt(args.option("size", "8"));
    int vocab = vocab(args);
    ai.djl.engine.Engine.getEngine("PyTorch"); // loads the native library
    int threads = JniUtils.getNumThreads();
    ModelConfig mc = new ModelConfig("scratch", LAYERS, HEADS, EMBD, SEQ, 0.1, 1e-5);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", Map.of("n_layer", LAYERS, "n_head", HEADS, "n_embd", EMBD, "vocab", vocab, "seq_len", SEQ, "batch", BATCH));
    out.put("steps", steps);
    out.put("threads", threads);
    double ours;
    double oursCpu;
    double oursBest;
    double oursBestCpu;
    StepPhases phases = new StepPhases();
    try (LanguageModel model = new Gpt2Factory(mc, 0).scratch(vocab, 0);
        TrainStep step = new TrainStep(model, new AdamW(model.parameters(), 0.9, 0.95, 1e-8, 0.1, model.manager()), LossScaler.none(), 1.0, 0, 0)) {
      Random rnd = new Random(0);
      for (int i = 0; i < WARMUP; i++) {
        step.run(List.of(randomBatch(rnd, vocab)), 3e-4, i);
      }
      step.timePhases(phases);
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      double bestWall = Double.MAX_VALUE;
      double bestCpu = Double.MAX_VALUE;
      for (int i = 0; i < steps; i++) {
        long w = System.nanoTime();
        long c = processCpuNanos();
        step.run(List.of(randomBatch(rnd, vocab)), 3e-4, WARMUP + i);
        bestWall = Math.min(bestWall, (System.nanoTime() - w) / 1e9);
        bestCpu = Math.min(bestCpu, (processCpuNanos() - c) / 1e9);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ours = (double) BATCH * SEQ * steps / seconds;
      oursCpu = (double) BATCH * SEQ * steps / ((processCpuNanos() - cpuStart) / 1e9);
      oursBest = BATCH * SEQ / bestWall;
      oursBestCpu = BATCH * SEQ / bestCpu;
      out.put("sparktune_tokens_per_s", Math.round(ours));
      out.put("sparktune_tokens_per_cpu_s", Math.round(oursCpu));
      out.put("sparktune_best_step_tokens_per_s", Math.round(oursBest));
      out.put("sparktune_best_step_tokens_per_cpu_s", Math.round(oursBestCpu));
      out.put("sparktune_phase_ms", phaseMillis(phases, steps));
    }
    err.println("bench train: sparktune " + Math.round(ours) + " tokens/s; running the PyTorch eager reference ...");
    JsonNode ref = reference(steps, threads, vocab, err);
    if (ref != null) {
      double theirs = ref.get("tokens_per_s").asDouble();
      out.put("reference_tokens_per_s", Math.round(theirs));
      out.put("reference_torch", ref.get("torch").asText());
      out.put("reference_python", ref.get("python").asText());
      out.put("ratio", Math.round(ours / theirs * 100) / 100.0);
      if (ref.has("cpu_seconds")) {
        double theirsCpu = (double) BATCH * SEQ * steps / ref.get("cpu_seconds").asDouble();
        out.put("reference_tokens_per_cpu_s", Math.round(theirsCpu));
        out.put("cpu_ratio", Math.round(oursCpu / theirsCpu * 100) / 100.0);
      }
      if (ref.has("best_step_seconds")) {
        double theirsBest = BATCH * SEQ / ref.get("best_step_seconds").asDouble();
        double theirsBestCpu = BATCH * SEQ / ref.get("best_step_cpu_seconds").asDouble();
        out.put("reference_best_step_tokens_per_s", Math.round(theirsBest));
        out.put("reference_best_step_tokens_per_cpu_s", Math.round(theirsBestCpu));
        out.put("best_step_ratio", Math.round(oursBest / theirsBest * 100) / 100.0);
        out.put("best_step_cpu_ratio", Math.round(oursBestCpu / theirsBestCpu * 100) / 100.0);
      }
      if (ref.has("phase_ms")) {
        out.put("reference_phase_ms", ref.get("phase_ms"));
      }
    } else {
      out.put("reference_tokens_per_s", null);
      out.put("reference_note", "python3 with torch not found (apt-get install python3-torch libopenblas0-pthread)");
    }
    return out;
  }

  /**
   * CPU time of this process (all threads), ns. On a loaded machine wall time mostly measures the
   * other processes; tokens per CPU-second compares the work done and is much steadier.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** {@code --vocab}: an integer in [MIN_VOCAB, MAX_VOCAB], default VOCAB. */
  static int vocab(BenchArgs args) {
    String v = args.option("vocab", "" + VOCAB);
    try {
      int n = Integer.parseInt(v);
      if (n >= MIN_VOCAB && n <= MAX_VOCAB) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigError("Invalid --vocab: " + v + " (must be an integer in " + MIN_VOCAB + ".." + MAX_VOCAB + ")");
  }

  /**
   * Per phase, milliseconds per step: wall, CPU of the training thread, CPU of the process (all
   * threads). The reference reports the same three from time.perf_counter, time.thread_time and
   * time.process_time.
   */
  private static Map<String, Object> phaseMillis(StepPhases phases, int steps) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (StepPhases.Phase p : StepPhases.Phase.values()) {
      out.put(p.name().toLowerCase(java.util.Locale.ROOT), Map.of(
          "wall", millis(phases.wallNanos(p), steps),
          "thread_cpu", millis(phases.threadCpuNanos(p), steps),
          "process_cpu", millis(phases.processCpuNanos(p), steps)));
    }
    return out;
  }

  private static double millis(long nanos, int steps) {
    return Math.round(nanos / 1e5 / steps) / 10.0;
  }

  private static Batch randomBatch(Random rnd, int vocab) {
    int n = BATCH * SEQ;
    int[] ids = new int[n];
    long[] targets = new long[n];
    float[] mask = new float[n];
    for (int i = 0; i < n; i++) {
      ids[i] = rnd.nextInt(vocab);
      targets[i] = rnd.nextInt(vocab);
      mask[i] = 1f;
    }
    return new Batch(ids, targets, mask, BATCH, SEQ);
  }

  /**
   * Runs the bundled reference script with the first Python that has torch: $SPARKTUNE_PYTHON,
   * python3 on the PATH, then Debian's /usr/bin/python3. Null when none has torch.
   */
  private static JsonNode reference(int steps, int threads, int vocab, PrintStream err) throws Exception {
    Path script = Files.createTempFile("reference_train", ".py");
    try (InputStream in = TrainBench.class.getResourceAsStream("/sparktune/bench/reference_train.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> pythons = new ArrayList<>();
    if (System.getenv("SPARKTUNE_PYTHON") != null) {
      pythons.add(System.getenv("SPARKTUNE_PYTHON"));
    }
    pythons.addAll(List.of("python3", "/usr/bin/python3"));
    try {
      for (String python : pythons) {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--layers", "" + LAYERS, "--heads", "" + HEADS,
            "--embd", "" + EMBD, "--vocab", "" + vocab, "--seq", "" + SEQ, "--batch", "" + BATCH, "--warmup", "" + WARMUP,
            "--steps", "" + steps, "--threads", "" + threads));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("OMP_NUM_THREADS", "" + threads);
        Process p;
        try {
          p = pb.start();
        } catch (java.io.IOException e) {
          continue;
        }
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
          if (!stderr.contains("No module named 'torch'")) {
            err.println("bench train: reference with " + python + " failed: " + stderr.strip());
          }
          continue;
        }
        String[] lines = stdout.strip().split("\n");
        JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        ((com.fasterxml.jackson.databind.node.ObjectNode) result).put("python", python);
        return result;
      }
      return null;
    } finally {
      Files.deleteIfExists(script);
    }
  }
}

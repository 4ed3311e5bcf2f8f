package sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.config.ConfigError;
import sparktune.config.SparktuneConfig;
import sparktune.spark.LocalCluster;

/**
 * {@code sparktune bench distributed [--size ROUNDS] [--model gpt2-124m] [--delta-dtypes]}: data
 * parallel training on a standalone cluster of 1-core workers on 127.0.0.1, on synthetic shards.
 *
 * <ul>
 *   <li>Default: GPT-2 4 layers, d 128, vocabulary 512, T 64, B 8, H 20: the same tokens trained by
 *       one worker (single-worker trainer, 1 thread) and by two executor JVMs; prints the throughput
 *       ratio, the coordination share, the held-out loss of both, per round the bytes each node
 *       read and wrote and the seconds ({@link RoundTraffic}), and a projection to other N and P
 *       ({@link TrafficProjection}).
 *   <li>{@code --delta-dtypes}: the two-worker run with {@code train.delta-dtype} fp32, bf16 and int8
 *       on the same tokens; the held-out loss of each and its difference to fp32.
 *   <li>{@code --model gpt2-124m}: GPT-2 small (12 layers, d 768, vocabulary 50,257, 1,024 positions,
 *       random init), 2 workers x 3 rounds (default; round 1 is a plain round) x H 2, block 128, batch 1: per-round bytes and
 *       seconds and the projection.
 * </ul>
 */
public final class DistributedBench implements Benchmark {
  static final int INNER_STEPS = 20;
  static final int WORKERS = 2;
  static final String GPT2_124M = "gpt2-124m";
  static final List<String> DTYPES = List.of("fp32", "bf16", "int8");

  /** The small default model, as --set pairs. */
  private static final List<String> SMALL = List.of("model.n-layer=4", "model.n-head=4", "model.n-embd=128", "model.n-positions=64",
      "train.batch-size=8", "train.eval-batches=8");
  private static final List<String> SMALL_SPARK = List.of("sparktune.spark.conf.\"spark.executor.memory\"=768m");
  /**
   * GPT-2 small, as --set pairs. Executor heap 3 GB: the weight and delta shards (4P each) and the
   * exported optimizer moments (8P) pass through it; PyTorch's memory is outside it.
   */
  private static final List<String> GPT2 = List.of("model.n-layer=12", "model.n-head=12", "model.n-embd=768", "model.n-positions=1024",
      "train.batch-size=1", "train.eval-batches=1", "train.lr=1e-4");
  private static final List<String> GPT2_SPARK = List.of("sparktune.spark.conf.\"spark.executor.memory\"=3g",
      "sparktune.spark.conf.\"spark.executor.memoryOverhead\"=3g");

  @Override
  public Map<String, Object> run(SparktuneConfig config, BenchArgs args, PrintStream err) throws Exception {
    String model = args.option("model", "default");
    if (!model.equals("default") && !model.equals(GPT2_124M)) {
      throw new ConfigError("Unknown --model '" + model + "' for bench distributed (expected " + GPT2_124M + ", or none for the default size)");
    }
    if (model.equals(GPT2_124M) && args.flag("delta-dtypes")) {
      throw new ConfigError("--delta-dtypes runs the default size only; leave out --model " + GPT2_124M);
    }
    int rounds = Integer.parseInt(args.option("size", model.equals(GPT2_124M) ? "3" : "4"));
    Path dir = Files.createTempDirectory("sparktune-bench-distributed-");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("work_dir", dir.toString());
    if (model.equals(GPT2_124M)) {
      gpt2(dir, rounds, out, err);
    } else if (args.flag("delta-dtypes")) {
      deltaDtypes(dir, rounds, out, err);
    } else {
      oneVersusTwo(dir, rounds, out, err);
    }
    return out;
  }

  private static void oneVersusTwo(Path dir, int rounds, Map<String, Object> out, PrintStream err) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    SyntheticShards.write(warehouse, 512, 64, 2048, 64);
    long steps = (long) rounds * WORKERS * INNER_STEPS;
    out.put("model", Map.of("n_layer", 4, "n_head", 4, "n_embd", 128, "vocab", 512, "seq_len", 64, "batch", 8));
    out.put("inner_steps", INNER_STEPS);
    out.put("rounds", rounds);
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), WORKERS, 1536, List.of())) {
      err.println("bench distributed: 1 worker, " + steps + " steps");
      BenchTrainRun one = BenchTrainRun.run(cluster, "one", "local[1]", warehouse, concat(SMALL, SMALL_SPARK, List.of("train.workers=1",
          "train.max-steps=" + steps, "train.eval-every=" + steps, "train.save-every=0")), "1g", err);
      err.println("bench distributed: " + WORKERS + " workers x " + rounds + " rounds x " + INNER_STEPS + " inner steps");
      BenchTrainRun two = twoWorkers(cluster, warehouse, "two", rounds, INNER_STEPS, SMALL, SMALL_SPARK, "fp32", "1g", err);
      JsonNode s1 = one.summary();
      JsonNode s2 = two.summary();
      double ratio = s2.get("tokens_per_s").asDouble() / s1.get("tokens_per_s").asDouble();
      double gap = (s2.get("final_eval_loss").asDouble() - s1.get("final_eval_loss").asDouble()) / s1.get("final_eval_loss").asDouble();
      out.put("one_worker", Map.of("tokens", s1.get("tokens").asLong(), "tokens_per_s", s1.get("tokens_per_s").asDouble(),
          "train_seconds", s1.get("train_seconds").asDouble(), "eval_loss", s1.get("final_eval_loss").asDouble()));
      out.put("two_workers", Map.of("tokens", s2.get("tokens").asLong(), "tokens_per_s", s2.get("tokens_per_s").asDouble(),
          "train_seconds", s2.get("train_seconds").asDouble(), "eval_loss", s2.get("final_eval_loss").asDouble(),
          "round_retries", s2.get("round_retries").asInt(), "skipped_steps", two.traffic("nesterov").skippedSteps()));
      out.put("throughput_ratio", Math.round(ratio * 1000) / 1000.0);
      out.put("coordination_share", s2.get("coordination_share").asDouble());
      out.put("eval_loss_gap_pct", Math.round(gap * 10000) / 100.0);
      report(two, "nesterov", out);
      out.put("goals", Map.of("throughput_ratio", ">= 1.8", "coordination_share", "<= 0.05", "eval_loss_gap_pct", "within 2",
          "largest_plain_round_node_over_3Pb", "<= 1"));
    }
  }

  private static void deltaDtypes(Path dir, int rounds, Map<String, Object> out, PrintStream err) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    SyntheticShards.write(warehouse, 512, 64, 2048, 64);
    out.put("model", Map.of("n_layer", 4, "n_head", 4, "n_embd", 128, "vocab", 512, "seq_len", 64, "batch", 8));
    out.put("workers", WORKERS);
    out.put("inner_steps", INNER_STEPS);
    out.put("rounds", rounds);
    Map<String, Object> byDtype = new LinkedHashMap<>();
    double fp32 = Double.NaN;
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), WORKERS, 1536, List.of())) {
      for (String dtype : DTYPES) {
        err.println("bench distributed: " + WORKERS + " workers x " + rounds + " rounds x " + INNER_STEPS + " inner steps, deltas in " + dtype);
        BenchTrainRun run = twoWorkers(cluster, warehouse, "two-" + dtype, rounds, INNER_STEPS, SMALL, SMALL_SPARK, dtype, "1g", err);
        double loss = run.summary().get("final_eval_loss").asDouble();
        if (dtype.equals("fp32")) {
          fp32 = loss;
        }
        RoundTraffic t = run.traffic("nesterov");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokens", run.summary().get("tokens").asLong());
        m.put("eval_loss", loss);
        m.put("eval_loss_rel_diff_to_fp32_pct", Math.round((loss - fp32) / fp32 * 1e5) / 1e3);
        // A skipped inner step changes the trajectory: a difference is only the delta type's when both report 0.
        m.put("skipped_steps", t.skippedSteps());
        m.put("all_delta_bytes_per_round", t.steady().deltaBytes());
        m.put("busiest_worker_bytes", t.steady().maxWorkerBytes());
        m.put("busiest_worker_over_3Pb", TrafficProjection.round3((double) t.steady().maxWorkerBytes() / t.target()));
        m.put("train_seconds", run.summary().get("train_seconds").asDouble());
        byDtype.put(dtype, m);
      }
    }
    out.put("delta_dtypes", byDtype);
    out.put("goal", "bf16 and int8 eval_loss within 1 % of fp32 at equal tokens");
  }

  private static void gpt2(Path dir, int rounds, Map<String, Object> out, PrintStream err) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    int h = 2;
    int block = 128;
    int vocab = 50257;
    // Ids from GPT-2's vocabulary range, no tokenizer files: nothing here decodes text.
    SyntheticShards.write(warehouse, vocab, block, rounds * WORKERS * h + 8, 2);
    out.put("model", Map.of("name", GPT2_124M, "n_layer", 12, "n_head", 12, "n_embd", 768, "vocab", vocab, "n_positions", 1024,
        "seq_len", block, "batch", 1, "init", "random"));
    out.put("inner_steps", h);
    out.put("rounds", rounds);
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), WORKERS, 3072, List.of())) {
      err.println("bench distributed: GPT-2 124M, " + WORKERS + " workers x " + rounds + " rounds x " + h + " inner steps");
      // The final checkpoint holds weights, momentum and both inner states on the driver heap (~3.5 GB).
      BenchTrainRun two = twoWorkers(cluster, warehouse, "gpt2", rounds, h, GPT2, GPT2_SPARK, "fp32", "5g", err);
      JsonNode s = two.summary();
      out.put("two_workers", Map.of("tokens", s.get("tokens").asLong(), "tokens_per_s", s.get("tokens_per_s").asDouble(),
          "train_seconds", s.get("train_seconds").asDouble(), "eval_loss", s.get("final_eval_loss").asDouble(),
          "coordination_share", s.get("coordination_share").asDouble()));
      report(two, "nesterov", out);
    }
  }

  private static BenchTrainRun twoWorkers(LocalCluster cluster, Path warehouse, String run, int rounds, int h, List<String> model,
      List<String> spark, String dtype, String driverHeap, PrintStream err) throws Exception {
    return BenchTrainRun.run(cluster, run, cluster.masterUrl(), warehouse, concat(model, spark, List.of("train.workers=" + WORKERS,
        "train.inner-steps=" + h, "train.rounds=" + rounds, "train.eval-every=" + (rounds * h), "train.checkpoint-every-rounds=" + rounds,
        "train.delta-dtype=" + dtype)), driverHeap, err);
  }

  /** Adds the per-round traffic of {@code run} and the projection built from it. */
  private static void report(BenchTrainRun run, String outer, Map<String, Object> out) throws Exception {
    RoundTraffic t = run.traffic(outer);
    out.put("bytes_per_round", t.report(run.osIo()));
    out.put("projection", projection(t));
  }

  /** The projection table and where each of its figures came from. */
  static Map<String, Object> projection(RoundTraffic t) {
    TrafficProjection.Measured m = t.measured();
    int steadyRound = t.steady().round();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TrafficProjection.Row r : TrafficProjection.project(m, new int[] {2, 8, 64}, new long[] {124_000_000L, 355_000_000L, 774_000_000L},
        10, 0.3, 50)) {
      rows.add(r.json());
    }
    Map<String, Object> sources = new LinkedHashMap<>();
    sources.put("exchange_bytes_per_node", String.format("P x (%.4f + %.0f / N) bytes: %.4f = measured max_worker_bytes of plain round %d "
        + "(%d bytes) / measured P (%d) - %.0f / %d (the measured N); %.0f / N = the share of the deltas and updates a task keeps in "
        + "memory instead of writing and reading it (documented per-task formula b P (3 - 2/N))", m.flatPerParam(), m.shardTermPerParam(),
        m.flatPerParam(), steadyRound, m.exchangeBytes(), m.params(), m.shardTermPerParam(), m.workers(), m.shardTermPerParam()));
    sources.put("inner_state_bytes_per_node", String.format("P x %.4f bytes: measured inner_state_bytes of round %d / N / P, flat in N",
        m.innerPerParam(), steadyRound));
    sources.put("transfer_seconds", "bytes_per_node x 8 / 10e9: assumed 10 Gbit/s link per node, read and written over it, no overlap");
    sources.put("compute_seconds", "assumed: H = 50 inner steps x 0.3 s");
    sources.put("comm_fraction", "transfer / (transfer + compute); comm_fraction_exchange_only leaves out the inner-state bytes");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("label", "projection (not measured): per-node bytes per round for other N and P, scaled from this run's measured bytes");
    out.put("link_gbit_per_s", 10);
    out.put("seconds_per_inner_step", 0.3);
    out.put("inner_steps", 50);
    out.put("sources", sources);
    out.put("rows", rows);
    return out;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }
}

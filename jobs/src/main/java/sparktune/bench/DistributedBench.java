package sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sparktune.config.SparktuneConfig;
import sparktune.spark.LocalCluster;

/**
 * {@code sparktune bench distributed [--size ROUNDS]}: the same number of tokens trained by one
 * worker (single-worker trainer, 1 thread) and by two executor JVMs of 1 core each on a standalone
 * cluster on 127.0.0.1 (DiLoCo rounds). GPT-2 4 layers, d 128, vocabulary 512, T 64, B 8, H 20
 * inner steps, on synthetic shards. Prints the throughput ratio, the coordination share of a round
 * (round time minus the slowest worker's compute time, over round time) and the held-out loss of
 * both at equal tokens, and the bytes a round moved (the busiest task's weight exchange, all deltas,
 * all inner states). Drivers run as subprocesses; their logs stay in the printed work dir.
 */
public final class DistributedBench implements Benchmark {
  /** The command line's main class, which the driver JVM of the cluster run starts. */
  private static final String CLI_MAIN = "sparktune.cli.Cli";

  private static final ObjectMapper JSON = new ObjectMapper();
  static final int INNER_STEPS = 20;
  static final int WORKERS = 2;

  @Override
  public Map<String, Object> run(SparktuneConfig config, BenchArgs args, PrintStream err) throws Exception {
    int rounds = Integer.parseInt(args.option("size", "4"));
    Path dir = Files.createTempDirectory("sparktune-bench-distributed-");
    Path warehouse = dir.resolve("warehouse");
    SyntheticShards.write(warehouse, 512, 64, 2048, 64);
    long steps = (long) rounds * WORKERS * INNER_STEPS;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", Map.of("n_layer", 4, "n_head", 4, "n_embd", 128, "vocab", 512, "seq_len", 64, "batch", 8));
    out.put("inner_steps", INNER_STEPS);
    out.put("rounds", rounds);
    out.put("work_dir", dir.toString());
    try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), WORKERS, 1536, List.of())) {
      err.println("bench distributed: 1 worker, " + steps + " steps");
      JsonNode one = train(cluster, "one", args(warehouse, "one", "local[1]", "train.workers=1", "train.max-steps=" + steps,
          "train.eval-every=" + steps, "train.save-every=0"), err);
      err.println("bench distributed: " + WORKERS + " workers x " + rounds + " rounds x " + INNER_STEPS + " inner steps");
      JsonNode two = train(cluster, "two", args(warehouse, "two", cluster.masterUrl(), "train.workers=" + WORKERS,
          "train.inner-steps=" + INNER_STEPS, "train.rounds=" + rounds, "train.eval-every=" + (rounds * INNER_STEPS),
          "train.checkpoint-every-rounds=" + rounds), err);
      double ratio = two.get("tokens_per_s").asDouble() / one.get("tokens_per_s").asDouble();
      double gap = (two.get("final_eval_loss").asDouble() - one.get("final_eval_loss").asDouble()) / one.get("final_eval_loss").asDouble();
      out.put("one_worker", Map.of("tokens", one.get("tokens").asLong(), "tokens_per_s", one.get("tokens_per_s").asDouble(),
          "train_seconds", one.get("train_seconds").asDouble(), "eval_loss", one.get("final_eval_loss").asDouble()));
      out.put("two_workers", Map.of("tokens", two.get("tokens").asLong(), "tokens_per_s", two.get("tokens_per_s").asDouble(),
          "train_seconds", two.get("train_seconds").asDouble(), "eval_loss", two.get("final_eval_loss").asDouble(),
          "round_retries", two.get("round_retries").asInt()));
      out.put("throughput_ratio", Math.round(ratio * 1000) / 1000.0);
      out.put("coordination_share", two.get("coordination_share").asDouble());
      out.put("eval_loss_gap_pct", Math.round(gap * 10000) / 100.0);
      out.put("bytes_per_round", bytesPerRound(warehouse.resolve("runs/two/metrics.jsonl")));
      out.put("goals", Map.of("throughput_ratio", ">= 1.8", "coordination_share", "<= 0.05", "eval_loss_gap_pct", "within 2"));
    }
    return out;
  }

  /**
   * The largest per-round figures of the two-worker run's metrics rows: bytes of weight exchange
   * read plus written by the busiest task, of all delta files, and of inner-state files. The driver
   * reads and writes no model-sized data in a round (only at start and at checkpoints).
   */
  private static Map<String, Object> bytesPerRound(Path metrics) throws java.io.IOException {
    long exchange = 0;
    long delta = 0;
    long inner = 0;
    for (String line : Files.readAllLines(metrics)) {
      JsonNode row = JSON.readTree(line);
      exchange = Math.max(exchange, row.path("max_worker_exchange_bytes").asLong());
      delta = Math.max(delta, row.path("delta_bytes").asLong());
      inner = Math.max(inner, row.path("inner_state_bytes").asLong());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("max_worker_exchange_bytes", exchange);
    out.put("delta_bytes_all_workers", delta);
    out.put("inner_state_bytes_all_workers", inner);
    out.put("driver_bytes", 0);
    return out;
  }

  private static List<String> args(Path warehouse, String run, String master, String... sets) {
    List<String> a = new ArrayList<>(List.of(CLI_MAIN, "train", "--master", master,
        "--set", "sparktune.warehouse=\"" + warehouse + "\"",
        "--set", "sparktune.spark.ship=classpath",
        "--set", "sparktune.spark.conf.\"spark.executor.memory\"=768m",
        "--set", "model.n-layer=4", "--set", "model.n-head=4", "--set", "model.n-embd=128", "--set", "model.n-positions=64",
        "--set", "model.dropout=0.0", "--set", "train.run=" + run, "--set", "train.batch-size=8", "--set", "train.lr=1e-3",
        "--set", "train.warmup-steps=10", "--set", "train.schedule=constant", "--set", "train.eval-batches=8", "--set", "train.log-every=40"));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return a;
  }

  /** Runs a train driver subprocess (1 intra-op thread, as each executor has) and returns its summary. */
  private static JsonNode train(LocalCluster cluster, String name, List<String> args, PrintStream err) throws Exception {
    Process p = cluster.launchJava(name, args, List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"), Map.of());
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("Training run '" + name + "' did not finish in 30 minutes; log: " + cluster.log(name));
    }
    String log = Files.readString(cluster.log(name));
    String summary = log.lines().filter(l -> l.startsWith("{\"job\":\"train\"")).reduce((a, b) -> b).orElse(null);
    if (p.exitValue() != 0 || summary == null || !JSON.readTree(summary).get("status").asText().equals("ok")) {
      err.println(log);
      throw new IllegalStateException("Training run '" + name + "' failed (exit " + p.exitValue() + "); log: " + cluster.log(name));
    }
    return JSON.readTree(summary);
  }
}

package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import sparktune.bench.SyntheticShards;
import sparktune.cli.Cli;
import sparktune.model.HfModelDir;
import sparktune.shards.Shards;
import sparktune.spark.HadoopFiles;
import sparktune.testing.JsonLines;
import sparktune.testing.SharedSpark;
import sparktune.testing.StandaloneCluster;
import sparktune.train.Batch;
import sparktune.train.Gpt2LanguageModel;
import sparktune.train.TokenBlocks;

/**
 * Distributed training on a real standalone cluster: a master and two worker JVMs on 127.0.0.1,
 * each worker launching its own executor JVM; drivers are {@code sparktune train} subprocesses.
 * The worker-kill and driver-kill runs share one configuration, so the second also checks that
 * both interrupted runs computed bit-identical rounds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedTrainClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WORKER_MB = 1024;
  private static List<String> workerOptions;

  @TempDir static Path dir;
  private static StandaloneCluster cluster;
  private static Path warehouse;
  /** Per-round training loss of the worker-kill run, for the driver-kill run to compare. */
  private static List<Double> killedWorkerLosses;

  @BeforeAll
  static void startCluster() throws Exception {
    warehouse = dir.resolve("warehouse");
    SyntheticShards.write(warehouse, 64, 32, 384, 32);
    // Every worker offers one fake GPU (address 0) through Spark resource discovery.
    Path discovery = dir.resolve("fake-gpu.sh");
    Files.writeString(discovery, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"0\"]}'\n");
    discovery.toFile().setExecutable(true);
    workerOptions = List.of("-Dspark.worker.resource.gpu.amount=1", "-Dspark.worker.resource.gpu.discoveryScript=" + discovery);
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, WORKER_MB, workerOptions);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<String> args(String run, String master, String... sets) {
    List<String> a = new ArrayList<>(List.of(Cli.class.getName(), "train",
        "--set", "sparktune.warehouse=\"" + warehouse + "\"",
        "--master", master,
        "--set", "sparktune.spark.ship=classpath",
        "--set", "sparktune.spark.conf.\"spark.executor.memory\"=512m",
        "--set", "model.n-layer=2", "--set", "model.n-head=2", "--set", "model.n-embd=32", "--set", "model.n-positions=32",
        "--set", "model.dropout=0.0",
        "--set", "train.run=" + run, "--set", "train.batch-size=8", "--set", "train.lr=3e-3", "--set", "train.warmup-steps=4",
        "--set", "train.schedule=constant", "--set", "train.eval-batches=4", "--set", "train.log-every=20"));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return a;
  }

  private static Process driver(String name, List<String> args) throws Exception {
    return cluster.launchJava(name, args, List.of(), Map.of());
  }

  private static JsonNode summary(String name, Process p) throws Exception {
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("driver %s finished", name).isTrue();
    String log = Files.readString(cluster.log(name));
    assertThat(p.exitValue()).as(log).isZero();
    String last = log.lines().filter(l -> l.startsWith("{\"job\":\"train\"")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(log));
    return JSON.readTree(last);
  }

  private static List<JsonNode> metrics(String run) throws Exception {
    return JsonLines.read(warehouse.resolve("runs").resolve(run).resolve("metrics.jsonl"));
  }

  @Test
  @Order(1)
  void twoWorkersLearnAsWellAsOneWorkerOnTheSameTokens() throws Exception {
    // 2 workers x 6 rounds x 10 inner steps = 120 batches of 8, as 1 worker x 120 steps, both with
    // train.optimizer = adafactor; deltas and updates in bf16. Each task
    // asks Spark for a GPU: it gets the fake address 0, and trains on the CPU since DJL sees none.
    Process two = driver("two-workers", args("two", cluster.masterUrl(), "train.workers=2", "train.inner-steps=10", "train.rounds=6",
        "train.eval-every=30", "train.checkpoint-every-rounds=3", "train.optimizer=adafactor", "train.save-every=0", "train.delta-dtype=bf16",
        "sparktune.spark.conf.\"spark.executor.resource.gpu.amount\"=1", "sparktune.spark.conf.\"spark.task.resource.gpu.amount\"=1"));
    JsonNode s2 = summary("two-workers", two);
    Process one = driver("one-worker", args("one", "local[1]", "train.workers=1", "train.max-steps=120", "train.eval-every=120",
        "train.save-every=0", "train.optimizer=adafactor"));
    JsonNode s1 = summary("one-worker", one);

    System.out.println("two workers: " + s2 + "\none worker: " + s1);
    assertThat(Files.readString(cluster.log("two-workers")))
        .contains("train: worker 0 on executor_127.0.0.1_", "train: worker 1 on executor_127.0.0.1_")
        .contains("(Spark assigned GPU 0 but DJL sees no GPU in this JVM; using CPU), 1 threads");
    assertThat(s2.get("tokens").asLong()).isEqualTo(s1.get("tokens").asLong());
    List<JsonNode> rows = metrics("two");
    assertThat(rows).hasSize(6);
    double firstEval = rows.get(2).get("eval_loss").asDouble();
    double lastEval = s2.get("final_eval_loss").asDouble();
    assertThat(firstEval).isLessThan(Math.log(64));
    assertThat(lastEval).isLessThan(firstEval * 0.8);
    assertThat(lastEval).as("no worse than one worker on the same tokens").isLessThan(s1.get("final_eval_loss").asDouble() * 1.05);
    assertThat(sparktune.train.TensorFile.read(warehouse.resolve("runs/two/checkpoints/step-60/round_state/inner-0.safetensors")).keySet())
        .as("the workers trained with train.optimizer = adafactor").anyMatch(k -> k.startsWith("exp_avg_sq_row."));
    assertThat(rows.get(5).get("warm_workers").asInt()).as("executors kept their model between rounds").isEqualTo(2);
    // Rounds 1, 3 and 4 neither checkpoint nor evaluate: each task moved at most 3 x P x 2 bytes (bf16), the driver none.
    long p = rows.get(0).get("parameters").asLong();
    List<JsonNode> plain = rows.stream().filter(r -> r.get("state_write_bytes").asLong() == 0 && r.get("warm_workers").asInt() == 2).toList();
    assertThat(plain).extracting(r -> r.get("round").asInt()).containsExactly(1, 3, 4);
    for (JsonNode r : plain) {
      assertThat(r.get("max_worker_bytes").asLong()).as("round %s: bytes of the busiest task, P = %d", r.get("round"), p)
          .isPositive().isLessThanOrEqualTo(3 * p * 2);
      assertThat(r.get("driver_bytes").asLong()).isZero();
      assertThat(r.get("inner_state_bytes").asLong()).isZero();
    }
    assertThat(rows.get(2).get("driver_bytes").asLong()).as("the driver reads the weights for a checkpoint").isPositive();
    // The executors scored the held-out batches (2 + 2 of 4): their loss is the driver's HeldOut.loss of the same weights.
    assertThat(Files.readString(cluster.log("two-workers"))).doesNotContain("on the driver instead");
    for (int round : new int[] {2, 5}) {
      double driver = driverHeldOutLoss(warehouse.resolve("runs/two/checkpoints/step-" + (round + 1) * 10));
      assertThat(rows.get(round).get("eval_loss").asDouble()).as("eval_loss of round %d", round)
          .isCloseTo(driver, org.assertj.core.api.Assertions.withinPercentage(0.01));
    }
    assertThat(warehouse.resolve("runs/two/checkpoints/step-60/model.safetensors")).exists();
    assertThat(warehouse.resolve("runs/two/checkpoints/step-60/config.json")).exists();
    assertThat(warehouse.resolve("runs/two/loss.png")).exists();
  }

  @Test
  @Order(2)
  void aKilledWorkerIsReplacedAndTheRunCompletes() throws Exception {
    Process p = driver("kill-worker", args("kw", cluster.masterUrl(), "train.workers=2", "train.inner-steps=10", "train.rounds=8",
        "train.eval-every=80", "train.checkpoint-every-rounds=4", "train.round-timeout=3m", "train.precision=fp16", "train.save-every=0",
        "sparktune.spark.conf.\"spark.executor.resource.gpu.amount\"=1", "sparktune.spark.conf.\"spark.task.resource.gpu.amount\"=1"));
    Path metrics = warehouse.resolve("runs/kw/metrics.jsonl");
    awaitRows(p, metrics, 2);
    // Round 2's stage starts right after round 1's row (no checkpoint or evaluation due): kill while its tasks run.
    Thread.sleep(300);
    cluster.killWorker(0);
    cluster.addWorker(WORKER_MB, workerOptions);
    JsonNode s = summary("kill-worker", p);
    System.out.println("kill worker: " + s);

    List<JsonNode> rows = metrics("kw");
    assertThat(rows).extracting(r -> r.get("round").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(rows).as("a round ran on a replacement executor with a cold cache")
        .anyMatch(r -> r.get("round").asInt() >= 2 && r.get("warm_workers").asInt() < 2);
    assertThat(rows).as("the workers loaded the saved state and replayed the rounds since it")
        .anyMatch(r -> r.get("replayed_rounds").asInt() > 0);
    assertThat(rows).as("rounds after the first continue the inner optimizers unless they replay from the run's start")
        .allMatch(r -> r.get("round").asInt() == 0 || r.get("replayed_rounds").asInt() > 0 || r.get("fresh_inner_optimizers").asInt() == 0);
    assertThat(s.get("final_eval_loss").asDouble()).isLessThan(Math.log(64) * 0.8);
    killedWorkerLosses = rows.stream().map(r -> r.get("loss").asDouble()).toList();
  }

  @Test
  @Order(3)
  void aKilledDriverResumesFromTheLastCompleteCheckpoint() throws Exception {
    List<String> run = args("kd", cluster.masterUrl(), "train.workers=2", "train.inner-steps=10", "train.rounds=8", "train.eval-every=80",
        "train.checkpoint-every-rounds=2", "train.save-total-limit=0", "train.precision=fp16", "train.save-every=0",
        "sparktune.spark.conf.\"spark.executor.resource.gpu.amount\"=1", "sparktune.spark.conf.\"spark.task.resource.gpu.amount\"=1");
    Process first = driver("kill-driver", run);
    Path checkpoints = warehouse.resolve("runs/kd/checkpoints");
    long deadline = System.nanoTime() + Duration.ofSeconds(170).toNanos();
    while (!Files.exists(checkpoints.resolve("step-40/checksums.sha256")) && System.nanoTime() < deadline && first.isAlive()) {
      Thread.sleep(100);
    }
    assertThat(first.isAlive()).as(Files.readString(cluster.log("kill-driver"))).isTrue();
    first.destroyForcibly().waitFor();
    int complete = 0;
    for (int step = 80; step >= 20; step -= 20) {
      if (Files.exists(checkpoints.resolve("step-" + step + "/checksums.sha256"))) {
        complete = step / 10;
        break;
      }
    }
    assertThat(complete).isBetween(4, 7);
    cluster.waitForAliveWorkers(2, Duration.ofSeconds(60));

    List<String> again = new ArrayList<>(run);
    again.add("--resume");
    JsonNode s = summary("resume-driver", driver("resume-driver", again));
    System.out.println("resumed driver: " + s);
    assertThat(s.get("start_round").asInt()).isEqualTo(complete);
    assertThat(s.get("rounds").asInt()).isEqualTo(8);
    assertThat(Files.readString(cluster.log("resume-driver"))).contains("train: resuming " + checkpoints.resolve("step-" + complete * 10));
    List<JsonNode> rows = metrics("kd");
    assertThat(rows).extracting(r -> r.get("round").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    if (killedWorkerLosses != null) {
      // Rounds are functions of their input: a lost worker (retried or re-read state) and a lost
      // driver (resumed from a checkpoint) compute the same rounds. In fp16 across two executor
      // JVMs the losses have been seen to differ in the fifth significant digit from the round
      // after a worker was replaced, so they are compared to 1e-4 relative here; the single-JVM
      // retry and resume tests (RoundWorkerTest, TrainerTest) still require equal bits.
      List<Double> losses = rows.stream().map(r -> r.get("loss").asDouble()).toList();
      assertThat(losses).hasSameSizeAs(killedWorkerLosses);
      for (int i = 0; i < losses.size(); i++) {
        assertThat(losses.get(i)).as("round " + i).isCloseTo(killedWorkerLosses.get(i), org.assertj.core.data.Percentage.withPercentage(0.01));
      }
    }
    assertThat(checkpoints.resolve("step-80/model.safetensors")).exists();
  }

  /** HeldOut.loss in this JVM of a checkpoint's weights on the run's eval batches (test blocks, T 32, B 8, 4 batches). */
  private static double driverHeldOutLoss(Path checkpoint) {
    SparkSession spark = SharedSpark.get();
    String testDir = warehouse.resolve("shards/test").toString();
    TokenBlocks test = TokenBlocks.read(spark, testDir, Shards.manifest(HadoopFiles.of(spark), testDir), List.of());
    List<Batch> batches = HeldOut.batches(test, test.blockSize(), 8, 0, 4);
    assertThat(batches).hasSize(4);
    NDManager manager = NDManager.newBaseManager();
    try (Gpt2LanguageModel model = new Gpt2LanguageModel(HfModelDir.load(checkpoint.toString(), null, manager), manager)) {
      return HeldOut.loss(model, batches);
    }
  }

  private static void awaitRows(Process p, Path metrics, int rows) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(170).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.exists(metrics) && Files.readAllLines(metrics).size() >= rows) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + rows + " metrics rows in time: " + Files.readString(cluster.log("kill-worker")));
  }
}

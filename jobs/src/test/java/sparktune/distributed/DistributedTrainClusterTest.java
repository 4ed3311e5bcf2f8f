package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.cli.Cli;
import sparktune.testing.ShardFixture;
import sparktune.testing.StandaloneCluster;

/**
 * Distributed training on a real standalone cluster: a master and two worker JVMs on 127.0.0.1,
 * each worker launching its own executor JVM; drivers are {@code sparktune train} subprocesses.
 */
class DistributedTrainClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WORKER_MB = 1024;

  @TempDir static Path dir;
  private static StandaloneCluster cluster;
  private static Path warehouse;

  @BeforeAll
  static void startCluster() throws Exception {
    warehouse = dir.resolve("warehouse");
    ShardFixture.write(warehouse, 64, 32, 384, 32);
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, WORKER_MB, List.of());
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
    assertThat(p.waitFor(170, TimeUnit.SECONDS)).as("driver %s finished", name).isTrue();
    String log = Files.readString(cluster.log(name));
    assertThat(p.exitValue()).as(log).isZero();
    String last = log.lines().filter(l -> l.startsWith("{\"job\":\"train\"")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(log));
    return JSON.readTree(last);
  }

  private static List<JsonNode> metrics(String run) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(warehouse.resolve("runs").resolve(run).resolve("metrics.jsonl"))) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  @Test
  void twoWorkersLearnAsWellAsOneWorkerOnTheSameTokens() throws Exception {
    // 2 workers x 6 rounds x 10 inner steps = 120 batches of 8, as 1 worker x 120 steps.
    Process two = driver("two-workers", args("two", cluster.masterUrl(), "train.workers=2", "train.inner-steps=10", "train.rounds=6",
        "train.eval-every=10", "train.checkpoint-every-rounds=3"));
    JsonNode s2 = summary("two-workers", two);
    Process one = driver("one-worker", args("one", "local[1]", "train.workers=1", "train.max-steps=120", "train.eval-every=120",
        "train.save-every=0"));
    JsonNode s1 = summary("one-worker", one);

    assertThat(s2.get("tokens").asLong()).isEqualTo(s1.get("tokens").asLong());
    List<JsonNode> rows = metrics("two");
    assertThat(rows).hasSize(6);
    double firstEval = rows.get(0).get("eval_loss").asDouble();
    double lastEval = s2.get("final_eval_loss").asDouble();
    assertThat(firstEval).isLessThan(Math.log(64));
    assertThat(lastEval).isLessThan(firstEval * 0.8);
    assertThat(lastEval).isCloseTo(s1.get("final_eval_loss").asDouble(), org.assertj.core.api.Assertions.withinPercentage(15));
    assertThat(rows.get(5).get("warm_workers").asInt()).as("executors kept their model between rounds").isEqualTo(2);
    assertThat(warehouse.resolve("runs/two/checkpoints/step-60/model.safetensors")).exists();
    assertThat(warehouse.resolve("runs/two/checkpoints/step-60/config.json")).exists();
    assertThat(warehouse.resolve("runs/two/loss.png")).exists();
  }
}

package sparktune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import sparktune.cli.Cli;
import sparktune.testing.StandaloneCluster;

/**
 * {@code deploy/submit.sh} submits the shaded jar to a standalone cluster that runs on a stock
 * Spark 3.5 classpath: a master and two 1-core workers on 127.0.0.1, every JVM on the jars a Spark
 * distribution ships, so a clash between the jar's dependencies and Spark's own fails here.
 */
class SparkSubmitTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path dir;
  private static Path jar;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    jar = ShadedJar.upToDate(ROOT);
    Path home = StockSparkHome.assemble(ROOT, ROOT.resolve("jobs/target/stock-spark"));
    cluster = StandaloneCluster.startOn(home, dir.resolve("cluster"), 2, 1024, List.of());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void prepareTrainOnTwoWorkersAndEvaluateRunThroughSubmitSh() throws Exception {
    Path conf = writeConfig(writeSamples());

    JsonNode prepare = submit("prepare", conf);
    assertThat(prepare.get("status").asText()).isEqualTo("ok");
    assertThat(dir.resolve("warehouse/shards/train/manifest.json")).exists();

    JsonNode train = submit("train", conf);
    assertThat(train.get("status").asText()).isEqualTo("ok");
    assertThat(train.get("workers").asInt()).isEqualTo(2);
    assertThat(train.get("rounds").asInt()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("train.log")))
        .contains("train: worker 0 on executor_127.0.0.1_", "train: worker 1 on executor_127.0.0.1_");
    assertThat(dir.resolve("warehouse/runs/submitted/checkpoints/step-10/model.safetensors")).exists();

    JsonNode evaluate = submit("evaluate", conf);
    assertThat(evaluate.get("status").asText()).isEqualTo("ok");
    assertThat(evaluate.get("rows_written").asInt()).isPositive();
    assertThat(dir.resolve("warehouse/runs/submitted/report.html")).exists();
    // Ten steps from a random init: held-out perplexity near the vocabulary size (512), not above it.
    double perplexity = evaluate.get("perplexity").get(dir.resolve("warehouse/runs/submitted") + "@step-10").asDouble();
    assertThat(perplexity).isGreaterThan(1.0).isLessThan(512 * 1.1);
  }

  /** Runs {@code deploy/submit.sh <command> --conf conf} against the cluster; returns the job's summary line. */
  private static JsonNode submit(String command, Path conf) throws Exception {
    Path log = dir.resolve(command + ".log");
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("deploy/submit.sh").toString(), command, "--conf", conf.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = new HashMap<>(cluster.driverEnv());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("MASTER", cluster.masterUrl());
    env.put("SPARKTUNE_JAR", jar.toString());
    env.put("DRIVER_MEMORY", "1g");
    env.put("EXECUTOR_MEMORY", "768m");
    env.put("EXECUTOR_MEMORY_OVERHEAD", "512m");
    env.put("EXECUTOR_CORES", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
    String out = Files.readString(log) + executorErrors();
    assertThat(done).as("submit.sh %s finished: %s", command, out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String last = out.lines().filter(l -> l.startsWith("{\"job\":\"" + command + "\"")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no summary line of " + command + " in: " + out));
    return JSON.readTree(last);
  }

  /** The stderr of every executor the workers launched, for failure messages. */
  private static String executorErrors() throws Exception {
    StringBuilder b = new StringBuilder();
    try (var files = Files.walk(dir.resolve("cluster"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        b.append("\n--- ").append(f).append('\n').append(Files.readString(f));
      }
    }
    return b.toString();
  }

  private static Path writeSamples() {
    Path samples = dir.resolve("samples");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Cli().run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "samples", "--out", samples.toString(), "--size", "100kB", "--seed", "3");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return samples;
  }

  private static Path writeConfig(Path samples) throws Exception {
    Path conf = dir.resolve("submit.conf");
    Files.writeString(conf, String.join("\n",
        "sparktune {",
        "  warehouse = " + quoted(dir.resolve("warehouse")),
        "  spark { shuffle-partitions = 2, conf { \"spark.ui.enabled\" = \"false\" } }",
        "  sources = [",
        "    { name = wikibooks, type = wikibooks-sqlite, path = " + quoted(samples.resolve("wikibooks.sqlite")) + ", tables = [en] }",
        "    { name = lyrics, type = lyrics-json, path = " + quoted(samples.resolve("lyrics")) + ", lang = en }",
        "  ]",
        "}",
        "tokenize { tokenizer = train, vocab-size = 512, block-size = 32 }",
        "model { init = scratch, n-layer = 1, n-head = 2, n-embd = 32, n-positions = 32, dropout = 0.0 }",
        "train { run = submitted, workers = 2, inner-steps = 5, rounds = 2, batch-size = 4, warmup-steps = 2, eval-every = 10,"
            + " eval-batches = 2, log-every = 5 }",
        "eval { prompts = 2, prompt-tokens = 8, max-new-tokens = 8, batch-size = 4 }",
        ""));
    return conf;
  }

  private static String quoted(Path p) throws Exception {
    return JSON.writeValueAsString(p.toString());
  }
}

package sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sparktune.spark.LocalCluster;

/**
 * One {@code sparktune train} driver run as a subprocess against a {@link LocalCluster} (1 intra-op
 * PyTorch thread, as each 1-core executor has), with the bytes each process read and wrote per
 * round sampled while it runs. The driver's log stays in the cluster folder.
 *
 * @param warehouse the warehouse the run wrote
 * @param name the run name ({@code runs/<name>/})
 * @param workers {@code train.workers}
 * @param deltaDtype {@code train.delta-dtype}
 * @param summary the train job's JSON summary
 * @param osIo per round, per process: bytes read and written ({@link NodeIoSampler}); empty for a
 *     single-worker run
 */
record BenchTrainRun(Path warehouse, String name, int workers, String deltaDtype, JsonNode summary, List<Map<String, Map<String, Long>>> osIo) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The command line's main class, which the train driver subprocess runs. */
  private static final String CLI_MAIN = "sparktune.cli.Cli";
  /** Settings every bench run shares; the caller's come after and win. */
  private static final List<String> BASE = List.of("sparktune.spark.ship=classpath", "model.dropout=0.0", "train.lr=1e-3",
      "train.warmup-steps=10", "train.schedule=constant", "train.log-every=40");

  /**
   * Runs {@code train} on {@code master} with {@code sets} after the shared ones.
   *
   * @param driverHeap the driver JVM's -Xmx
   */
  static BenchTrainRun run(LocalCluster cluster, String name, String master, Path warehouse, List<String> sets, String driverHeap, PrintStream err)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(CLI_MAIN, "train", "--master", master,
        "--set", "sparktune.warehouse=\"" + warehouse + "\"", "--set", "train.run=" + name));
    int workers = 1;
    String dtype = "fp32";
    List<String> all = new ArrayList<>(BASE);
    all.addAll(sets);
    for (String s : all) {
      args.add("--set");
      args.add(s);
      if (s.startsWith("train.workers=")) {
        workers = Integer.parseInt(s.substring("train.workers=".length()));
      } else if (s.startsWith("train.delta-dtype=")) {
        dtype = s.substring("train.delta-dtype=".length());
      }
    }
    Process p = cluster.launchJava(name, args, List.of("-Xmx" + driverHeap, "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1"), Map.of());
    List<Map<String, Map<String, Long>>> io;
    try (NodeIoSampler sampler = new NodeIoSampler(p, cluster.log(name), workers > 1 ? cluster.workers() : List.of())) {
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("Training run '" + name + "' did not finish in 30 minutes; log: " + cluster.log(name));
      }
      io = workers > 1 ? sampler.rounds() : List.of();
    }
    String log = Files.readString(cluster.log(name));
    String summary = log.lines().filter(l -> l.startsWith("{\"job\":\"train\"")).reduce((a, b) -> b).orElse(null);
    if (p.exitValue() != 0 || summary == null || !JSON.readTree(summary).get("status").asText().equals("ok")) {
      err.println(log);
      throw new IllegalStateException("Training run '" + name + "' failed (exit " + p.exitValue() + "); log: " + cluster.log(name));
    }
    return new BenchTrainRun(warehouse, name, workers, dtype, JSON.readTree(summary), io);
  }

  /** The run's per-round traffic (metrics rows, checkpoint's P). */
  RoundTraffic traffic(String outer) throws java.io.IOException {
    return RoundTraffic.read(warehouse.resolve("runs").resolve(name), workers, deltaDtype, outer);
  }
}

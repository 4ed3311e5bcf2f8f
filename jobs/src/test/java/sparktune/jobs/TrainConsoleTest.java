package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.spark.JvmFlags;
import sparktune.testing.SharedSpark;

/**
 * {@code sparktune train} run as the launcher runs it (its own JVM, the launcher's log
 * configuration): the console says which device trains and carries no library noise, and the run
 * folder holds no Hadoop {@code .crc} side files.
 */
class TrainConsoleTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void aTrainRunNamesItsDeviceOnceAndPrintsNoLibraryNoise() throws Exception {
    Path wh = tmp.resolve("wh");
    TrainJobTest.writeShards(SharedSpark.get(), wh, "train", 12, 1, "aaa");
    TrainJobTest.writeShards(SharedSpark.get(), wh, "test", 4, 2, "aaa");

    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(JvmFlags.OPENS);
    cmd.addAll(JvmFlags.DJL_OFFLINE);
    cmd.addAll(List.of("-Dai.djl.pytorch.num_threads=1", "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), "sparktune.cli.Cli", "train"));
    for (String set : List.of("sparktune.warehouse=" + wh, "sparktune.spark.master=local[1]", "model.n-layer=1", "model.n-head=2",
        "model.n-embd=16", "model.n-positions=16", "train.batch-size=4", "train.max-steps=4", "train.log-every=2", "train.eval-every=2",
        "train.eval-batches=2", "train.save-every=2")) {
      cmd.addAll(List.of("--set", set));
    }
    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("TORCH_CPP_LOG_LEVEL");
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("train finished").isTrue();
    String console = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(console).isZero();

    assertThat(console).containsOnlyOnce("train: 1 worker in this JVM, device ").contains("train step 4/4");
    assertThat(console).doesNotContain("CudaUtils").doesNotContain("Failed to detect GPU count").doesNotContain("AutoNonVariableTypeMode");
    assertThat(console.lines().filter(l -> l.matches("\\[[WEI]\\d{4} .*")).toList()).as("libtorch log lines").isEmpty();

    try (Stream<Path> walk = Files.walk(wh)) {
      List<Path> crc = walk.filter(f -> f.getFileName().toString().endsWith(".crc")).toList();
      // Spark's Parquet shards keep theirs; nothing that sparktune writes itself has one.
      assertThat(crc).anyMatch(f -> f.startsWith(wh.resolve("shards")));
      assertThat(crc.stream().filter(f -> !f.startsWith(wh.resolve("shards"))).toList()).isEmpty();
    }
    Path run = wh.resolve("runs/run");
    assertThat(run.resolve("metrics.jsonl")).exists();
    assertThat(run.resolve("loss.png")).exists();
    assertThat(run.resolve("_summary.json")).exists();
    assertThat(run.resolve("checkpoints/step-4/model.safetensors")).exists();
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("events.out.tfevents."));
    }
  }
}

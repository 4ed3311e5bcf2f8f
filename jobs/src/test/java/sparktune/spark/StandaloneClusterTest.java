package sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.testing.ClusterProbe;
import sparktune.testing.StandaloneCluster;

class StandaloneClusterTest {
  @TempDir Path dir;

  @Test
  void tasksRunInTwoSeparateExecutorJvms() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, 1024, List.of())) {
      Process driver = cluster.launchJava("driver", List.of(ClusterProbe.class.getName(), cluster.masterUrl()), List.of(), Map.of());
      assertThat(driver.waitFor(180, TimeUnit.SECONDS)).as("driver finished").isTrue();
      String log = Files.readString(cluster.log("driver"));
      assertThat(driver.exitValue()).as(log).isZero();
      String[] words = log.lines().filter(l -> l.startsWith("PIDS ")).findFirst().orElseThrow().split(" ");
      long a = Long.parseLong(words[1]);
      long b = Long.parseLong(words[2]);
      long drv = Long.parseLong(words[4]);
      assertThat(a).isNotEqualTo(b).isNotEqualTo(drv);
      assertThat(b).isNotEqualTo(drv);
    }
  }
}

package sparktune.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.spark.HadoopFiles;

class BestCheckpointTest {
  final HadoopFiles files = new HadoopFiles(new Configuration());
  @TempDir Path tmp;

  @Test
  void pruningKeepsTheNewestAndTheProtectedStep() throws Exception {
    Checkpoints c = new Checkpoints(files, tmp.resolve("checkpoints").toString());
    for (long step : new long[] {10, 20, 30, 40}) {
      Path local = Files.createDirectories(tmp.resolve("local-" + step));
      Files.writeString(local.resolve("model.safetensors"), "weights " + step);
      c.publish(step, local);
    }
    c.prune(1, 20);
    assertThat(c.steps()).containsExactly(20L, 40L);
    c.prune(1, -1);
    assertThat(c.steps()).containsExactly(40L);
  }

  @Test
  void recordsOnlyImprovementsAndReadsBackWhatItWrote() {
    Checkpoints c = new Checkpoints(files, tmp.resolve("checkpoints").toString());
    BestCheckpoint none = BestCheckpoint.read(files, c);
    assertThat(none.improvedBy(9.5)).isTrue();
    assertThat(none.improvedBy(Double.NaN)).isFalse();
    BestCheckpoint best = none.record(30, 4.25);
    assertThat(best.improvedBy(4.25)).isFalse();
    assertThat(best.improvedBy(4.0)).isTrue();
    best.write(files, c);
    assertThat(BestCheckpoint.read(files, c)).isEqualTo(new BestCheckpoint(30, 4.25));
  }
}

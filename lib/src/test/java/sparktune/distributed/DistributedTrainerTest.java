package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;

class DistributedTrainerTest {
  private static TrainConfig train(String... sets) {
    return ConfigLoader.load((java.nio.file.Path) null, List.of(sets)).train();
  }

  @Test
  void roundsDefaultToTheTokensOfTheSingleWorkerRun() {
    // 1 worker would run 1000 steps; 4 workers x 50 inner steps read 200 steps' sequences per round.
    assertThat(DistributedTrainer.rounds(train("train.workers=4", "train.inner-steps=50"), 1000)).isEqualTo(5);
    assertThat(DistributedTrainer.rounds(train("train.workers=4", "train.inner-steps=50"), 1001)).isEqualTo(6);
    assertThat(DistributedTrainer.rounds(train("train.workers=4", "train.inner-steps=50"), 10)).isEqualTo(1);
  }

  @Test
  void explicitRoundsWin() {
    assertThat(DistributedTrainer.rounds(train("train.workers=2", "train.rounds=7"), 1000)).isEqualTo(7);
  }
}

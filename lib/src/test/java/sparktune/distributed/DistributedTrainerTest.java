package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.train.RunPlan;

class DistributedTrainerTest {
  private static TrainConfig train(String... sets) {
    return ConfigLoader.load((java.nio.file.Path) null, List.of(sets)).train();
  }

  @Test
  void roundsDefaultToTheTokensOfTheSingleWorkerRun() {
    // 1 worker would run 1000 steps; 4 workers x 50 inner steps read 200 steps' sequences per round.
    assertThat(RunPlan.rounds(train("train.workers=4", "train.inner-steps=50"), 1000)).isEqualTo(5);
    assertThat(RunPlan.rounds(train("train.workers=4", "train.inner-steps=50"), 1001)).isEqualTo(6);
    assertThat(RunPlan.rounds(train("train.workers=4", "train.inner-steps=50"), 10)).isEqualTo(1);
  }

  @Test
  void refusesSingleWorkerSettingsThatRoundsCannotHonour() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DistributedTrainer.checkKeys(train("train.workers=2", "train.keep-best=true")))
        .hasMessageStartingWith("Invalid train.keep-best: true (is not supported with train.workers > 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DistributedTrainer.checkKeys(train("train.workers=2", "train.eval-every-epoch=true")))
        .hasMessageStartingWith("Invalid train.eval-every-epoch: true (is not supported with train.workers > 1");
    DistributedTrainer.checkKeys(train("train.workers=1", "train.keep-best=true"));
  }

  @Test
  void explicitRoundsWin() {
    assertThat(RunPlan.rounds(train("train.workers=2", "train.rounds=7"), 1000)).isEqualTo(7);
  }
}

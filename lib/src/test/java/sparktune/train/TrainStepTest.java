package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sparktune.config.ModelConfig;
import sparktune.testing.CyclicBlocks;
import sparktune.testing.OneTorchThread;

@ExtendWith(OneTorchThread.class)
class TrainStepTest {
  private static TrainStep step(LanguageModel lm, double weightDecay, double smoothing) {
    AdamW adam = new AdamW(lm.parameters(), 0.9, 0.95, 1e-8, weightDecay, lm.manager());
    return new TrainStep(lm, adam, LossScaler.none(), 1.0, smoothing, 7);
  }

  @Test
  void lossFallsOnALearnableSequence() {
    try (LanguageModel lm = new TinyLm(50, 32, 0f, 1); TrainStep step = step(lm, 0.1, 0)) {
      BatchStream data = new BatchStream(CyclicBlocks.of(16, 16, 50, 1), 16, 4, 1, true);
      double first = step.run(List.of(data.next()), 1e-2, 0).loss();
      double last = 0;
      for (int s = 1; s < 60; s++) {
        last = step.run(List.of(data.next()), 1e-2, s).loss();
      }
      assertThat(first).isGreaterThan(Math.log(50) - 0.5);
      assertThat(last).isLessThan(first / 3);
    }
  }

  @Test
  void memoryStaysFlatOverManyGpt2Steps() {
    ModelConfig tiny = new ModelConfig("scratch", 2, 2, 32, 16, 0.1, 1e-5);
    try (LanguageModel lm = new Gpt2Factory(tiny, 0).scratch(100, 1); TrainStep step = step(lm, 0.1, 0.1)) {
      BatchStream data = new BatchStream(CyclicBlocks.of(8, 16, 100, 2), 16, 2, 1, true);
      for (int s = 0; s < 20; s++) {
        step.run(List.of(data.next(), data.next()), 1e-3, s);
      }
      int arraysAfterWarmup = lm.manager().getManagedArrays().size();
      for (int s = 20; s < 220; s++) {
        step.run(List.of(data.next()), 1e-3, s);
        if (s % 10 == 0) {
          step.evaluate(List.of(data.next()));
        }
      }
      assertThat(lm.manager().getManagedArrays()).hasSize(arraysAfterWarmup);
      // parameters + AdamW's two moments per parameter, nothing else
      assertThat(arraysAfterWarmup).isEqualTo(3 * lm.parameters().size());
    }
  }
}

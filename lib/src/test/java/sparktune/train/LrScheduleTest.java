package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void warmupRisesLinearlyToThePeak() {
    LrSchedule s = new LrSchedule("cosine", 1e-3, 0.1, 4, 100);
    assertThat(s.at(0)).isCloseTo(0.25e-3, within(1e-12));
    assertThat(s.at(1)).isCloseTo(0.5e-3, within(1e-12));
    assertThat(s.at(3)).isCloseTo(1e-3, within(1e-12));
  }

  @Test
  void cosineFallsToMinRatioThroughTheMidpoint() {
    LrSchedule s = new LrSchedule("cosine", 1e-3, 0.1, 10, 110);
    assertThat(s.at(10)).isCloseTo(1e-3, within(1e-12));
    assertThat(s.at(60)).isCloseTo(0.55e-3, within(1e-12));
    assertThat(s.at(110)).isCloseTo(1e-4, within(1e-12));
    assertThat(s.at(500)).isCloseTo(1e-4, within(1e-12));
  }

  @Test
  void linearAndConstantSchedules() {
    LrSchedule lin = new LrSchedule("linear", 2.0, 0.0, 0, 100);
    assertThat(lin.at(0)).isEqualTo(2.0);
    assertThat(lin.at(25)).isCloseTo(1.5, within(1e-12));
    assertThat(lin.at(100)).isCloseTo(0.0, within(1e-12));
    LrSchedule constant = new LrSchedule("constant", 2.0, 0.1, 2, 100);
    assertThat(constant.at(1)).isEqualTo(2.0);
    assertThat(constant.at(99)).isEqualTo(2.0);
  }
}

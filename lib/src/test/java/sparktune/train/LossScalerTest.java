package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossScalerTest {
  @Test
  void overflowSkipsTheStepAndHalvesTheScale() {
    LossScaler s = new LossScaler(1024, 3);
    assertThat(LossScaler.overflowed(Double.POSITIVE_INFINITY)).isTrue();
    assertThat(LossScaler.overflowed(Double.NaN)).isTrue();
    assertThat(LossScaler.overflowed(1e30)).isFalse();
    assertThat(s.update(true)).isFalse();
    assertThat(s.scale()).isEqualTo(512);
    assertThat(s.update(true)).isFalse();
    assertThat(s.scale()).isEqualTo(256);
  }

  @Test
  void scaleDoublesAfterGrowthIntervalCleanSteps() {
    LossScaler s = new LossScaler(1024, 3);
    assertThat(s.update(false)).isTrue();
    assertThat(s.update(false)).isTrue();
    assertThat(s.scale()).isEqualTo(1024);
    assertThat(s.update(false)).isTrue();
    assertThat(s.scale()).isEqualTo(2048);
    // an overflow resets the count of clean steps
    s.update(false);
    s.update(true);
    assertThat(s.scale()).isEqualTo(1024);
    s.update(false);
    s.update(false);
    assertThat(s.scale()).isEqualTo(1024);
    s.update(false);
    assertThat(s.scale()).isEqualTo(2048);
  }

  @Test
  void scaleStaysWithinBounds() {
    LossScaler low = new LossScaler(2, 1000);
    low.update(true);
    low.update(true);
    assertThat(low.scale()).isEqualTo(1);
    LossScaler high = new LossScaler(16777216.0, 1);
    high.update(false);
    assertThat(high.scale()).isEqualTo(16777216.0);
    LossScaler none = LossScaler.none();
    assertThat(none.update(false)).isTrue();
    assertThat(none.update(true)).isFalse();
    assertThat(none.scale()).isEqualTo(1.0);
  }
}

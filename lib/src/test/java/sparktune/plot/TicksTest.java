package sparktune.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class TicksTest {
  @Test
  void ticksAreRoundNumbersCoveringTheRange() {
    assertThat(Ticks.covering(0, 100)).containsExactly(0, 20, 40, 60, 80, 100);
    assertThat(Ticks.covering(2.3, 4.1)).startsWith(2.0).endsWith(4.5);
  }

  @Test
  void ceilingIsTheNextOneTwoTwoAndAHalfOrFiveStep() {
    assertThat(Ticks.ceil(0.83)).isEqualTo(1.0);
    assertThat(Ticks.ceil(1.0)).isEqualTo(1.0);
    assertThat(Ticks.ceil(2.1)).isEqualTo(2.5);
    assertThat(Ticks.ceil(37)).isEqualTo(50.0);
    assertThat(Ticks.ceil(0.012)).isCloseTo(0.02, offset(1e-15));
  }

  @Test
  void ceilingOfNothingPositiveIsOne() {
    assertThat(Ticks.ceil(0)).isEqualTo(1.0);
    assertThat(Ticks.ceil(-3)).isEqualTo(1.0);
  }

  @Test
  void labelsAreShortWholeDecimalOrScientific() {
    assertThat(Ticks.label(0.0003)).isEqualTo("3.0e-04");
    assertThat(Ticks.label(250000)).isEqualTo("2.5e+05");
    assertThat(Ticks.label(2.5)).isEqualTo("2.5");
    assertThat(Ticks.label(0.12345678)).isEqualTo("0.1235");
    assertThat(Ticks.label(40)).isEqualTo("40");
    assertThat(Ticks.label(-0.0)).isEqualTo("0");
  }
}

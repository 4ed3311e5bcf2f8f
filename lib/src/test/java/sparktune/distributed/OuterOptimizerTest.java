package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OuterOptimizerTest {
  @Test
  void averageWithLearningRateOneGivesTheMeanOfTheWorkersWeights() {
    float[] global = {1.0f, -2.0f};
    float[][] locals = {{0.5f, -1.0f}, {0.9f, -3.0f}};
    float[] mean = new float[2];
    for (float[] local : locals) {
      for (int i = 0; i < 2; i++) {
        mean[i] += (global[i] - local[i]) / 2;
      }
    }
    OuterOptimizer.step("average", 1.0, 0.9, global, mean, null);
    assertThat(global[0]).isCloseTo(0.7f, within(1e-6f));
    assertThat(global[1]).isCloseTo(-2.0f, within(1e-6f));
  }

  @Test
  void nesterovMatchesHandComputedSteps() {
    // lr 0.7, mu 0.9. Step 1: g = 0.2 -> m = 0.2, update = 0.2 + 0.9*0.2 = 0.38, w = 1 - 0.266 = 0.734.
    // Step 2: g = -0.1 -> m = 0.9*0.2 - 0.1 = 0.08, update = -0.1 + 0.072 = -0.028, w = 0.734 + 0.0196 = 0.7536.
    float[] w = {1.0f};
    float[] m = new float[1];
    OuterOptimizer.step("nesterov", 0.7, 0.9, w, new float[] {0.2f}, m);
    assertThat(w[0]).isCloseTo(0.734f, within(1e-6f));
    assertThat(m[0]).isCloseTo(0.2f, within(1e-7f));
    OuterOptimizer.step("nesterov", 0.7, 0.9, w, new float[] {-0.1f}, m);
    assertThat(w[0]).isCloseTo(0.7536f, within(1e-6f));
    assertThat(m[0]).isCloseTo(0.08f, within(1e-7f));
  }

  @Test
  void shardsStepExactlyAsTheWholeVector() {
    float[] whole = {0.5f, -0.25f, 0.125f, 2f};
    float[] g = {0.3f, -0.2f, 0.1f, 0.05f};
    float[] mWhole = {0.01f, 0.02f, -0.03f, 0f};
    float[] left = {0.5f, -0.25f};
    float[] right = {0.125f, 2f};
    float[] mLeft = {0.01f, 0.02f};
    float[] mRight = {-0.03f, 0f};
    OuterOptimizer.step("nesterov", 0.7, 0.9, whole, g, mWhole);
    OuterOptimizer.step("nesterov", 0.7, 0.9, left, new float[] {0.3f, -0.2f}, mLeft);
    OuterOptimizer.step("nesterov", 0.7, 0.9, right, new float[] {0.1f, 0.05f}, mRight);
    assertThat(new float[] {left[0], left[1], right[0], right[1]}).containsExactly(whole);
    assertThat(new float[] {mLeft[0], mLeft[1], mRight[0], mRight[1]}).containsExactly(mWhole);
  }

  @Test
  void rejectsADeltaOfTheWrongSize() {
    assertThatThrownBy(() -> OuterOptimizer.step("average", 1, 0, new float[] {1f, 2f}, new float[] {1f}, null))
        .hasMessage("Delta of 1 values for 2 weights");
  }

  @Test
  void rejectsAnUnknownKind() {
    assertThatThrownBy(() -> OuterOptimizer.step("adam", 1, 0, new float[1], new float[1], new float[1]))
        .hasMessageContaining("expected average or nesterov");
  }
}

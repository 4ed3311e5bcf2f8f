package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LmLossTest {
  static final float[] LOGITS = {1f, 2f, 0.5f, -1f, 0f, 3f}; // (B=1, T=2, V=3)

  static double logp(int row, int id) {
    double max = Double.NEGATIVE_INFINITY, sum = 0;
    for (int v = 0; v < 3; v++) {
      max = Math.max(max, LOGITS[row * 3 + v]);
    }
    for (int v = 0; v < 3; v++) {
      sum += Math.exp(LOGITS[row * 3 + v] - max);
    }
    return LOGITS[row * 3 + id] - max - Math.log(sum);
  }

  @Test
  void maskedPositionsDoNotCount() {
    try (NDManager m = NDManager.newBaseManager()) {
      var logits = m.create(LOGITS, new Shape(1, 2, 3));
      var targets = m.create(new long[] {1, 0}, new Shape(1, 2));
      double both = LmLoss.sum(logits, targets, m.create(new float[] {1, 1}, new Shape(1, 2)), 0).getFloat();
      double first = LmLoss.sum(logits, targets, m.create(new float[] {1, 0}, new Shape(1, 2)), 0).getFloat();
      assertThat(both).isCloseTo(-logp(0, 1) - logp(1, 0), within(1e-5));
      assertThat(first).isCloseTo(-logp(0, 1), within(1e-5));
    }
  }

  @Test
  void labelSmoothingMixesInTheMeanNegativeLogProbability() {
    double e = 0.1;
    try (NDManager m = NDManager.newBaseManager()) {
      var logits = m.create(LOGITS, new Shape(1, 2, 3));
      var targets = m.create(new long[] {2, 2}, new Shape(1, 2));
      double got = LmLoss.sum(logits, targets, m.create(new float[] {0, 1}, new Shape(1, 2)), e).getFloat();
      double uniform = -(logp(1, 0) + logp(1, 1) + logp(1, 2)) / 3;
      assertThat(got).isCloseTo((1 - e) * -logp(1, 2) + e * uniform, within(1e-5));
    }
  }
}

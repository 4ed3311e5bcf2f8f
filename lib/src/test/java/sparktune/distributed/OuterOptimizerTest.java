package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OuterOptimizerTest {
  private static Map<String, float[]> tensors(float... w) {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("w", w);
    return m;
  }

  @Test
  void averageWithLearningRateOneGivesTheMeanOfTheWorkersWeights() {
    float[] global = {1.0f, -2.0f};
    float[][] locals = {{0.5f, -1.0f}, {0.9f, -3.0f}};
    OuterOptimizer.DeltaMean mean = new OuterOptimizer.DeltaMean();
    for (float[] local : locals) {
      mean.add(tensors(global[0] - local[0], global[1] - local[1]));
    }
    Map<String, float[]> g = tensors(global.clone());
    new OuterOptimizer("average", 1.0, 0.9).step(g, mean.mean());
    assertThat(g.get("w")[0]).isCloseTo(0.7f, within(1e-6f));
    assertThat(g.get("w")[1]).isCloseTo(-2.0f, within(1e-6f));
  }

  @Test
  void nesterovMatchesHandComputedSteps() {
    // lr 0.7, mu 0.9. Step 1: g = 0.2 -> m = 0.2, update = 0.2 + 0.9*0.2 = 0.38, w = 1 - 0.266 = 0.734.
    // Step 2: g = -0.1 -> m = 0.9*0.2 - 0.1 = 0.08, update = -0.1 + 0.072 = -0.028, w = 0.734 + 0.0196 = 0.7536.
    OuterOptimizer opt = new OuterOptimizer("nesterov", 0.7, 0.9);
    Map<String, float[]> w = tensors(1.0f);
    opt.step(w, tensors(0.2f));
    assertThat(w.get("w")[0]).isCloseTo(0.734f, within(1e-6f));
    assertThat(opt.momentum().get("w")[0]).isCloseTo(0.2f, within(1e-7f));
    opt.step(w, tensors(-0.1f));
    assertThat(w.get("w")[0]).isCloseTo(0.7536f, within(1e-6f));
    assertThat(opt.momentum().get("w")[0]).isCloseTo(0.08f, within(1e-7f));
  }

  @Test
  void restoredMomentumContinuesLikeAnUninterruptedRun() {
    List<float[]> deltas = List.of(new float[] {0.3f, -0.2f}, new float[] {0.1f, 0.05f}, new float[] {-0.2f, 0.4f});
    OuterOptimizer straight = new OuterOptimizer("nesterov", 0.7, 0.9);
    Map<String, float[]> a = tensors(0.5f, 0.5f);
    for (float[] d : deltas) {
      straight.step(a, tensors(d.clone()));
    }
    OuterOptimizer first = new OuterOptimizer("nesterov", 0.7, 0.9);
    Map<String, float[]> b = tensors(0.5f, 0.5f);
    first.step(b, tensors(deltas.get(0).clone()));
    OuterOptimizer resumed = new OuterOptimizer("nesterov", 0.7, 0.9);
    resumed.restore(first.momentum());
    resumed.step(b, tensors(deltas.get(1).clone()));
    resumed.step(b, tensors(deltas.get(2).clone()));
    assertThat(b.get("w")).containsExactly(a.get("w"));
  }

  @Test
  void rejectsADeltaOfTheWrongSize() {
    assertThatThrownBy(() -> new OuterOptimizer("average", 1, 0).step(tensors(1f, 2f), tensors(1f)))
        .hasMessage("Delta for w is missing or has 1 values, expected 2");
  }

  @Test
  void rejectsAnUnknownKind() {
    assertThatThrownBy(() -> new OuterOptimizer("adam", 1, 0)).hasMessageContaining("expected average or nesterov");
  }
}

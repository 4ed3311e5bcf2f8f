package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static sparktune.testing.ToyParameters.cubeStep;
import static sparktune.testing.ToyParameters.param;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
  @Test
  void decayDispatchSkipsBiasesAndLayerNorms() {
    assertThat(AdamW.decays("transformer.h.0.attn.c_attn.weight", new Shape(32, 96))).isTrue();
    assertThat(AdamW.decays("transformer.wte.weight", new Shape(100, 32))).isTrue();
    assertThat(AdamW.decays("transformer.h.0.attn.c_attn.bias", new Shape(96))).isFalse();
    assertThat(AdamW.decays("transformer.h.1.ln_1.weight", new Shape(32))).isFalse();
    assertThat(AdamW.decays("transformer.ln_f.weight", new Shape(32))).isFalse();
  }

  /** Two steps of AdamW against the update written out by hand, for a decayed and an undecayed parameter. */
  @Test
  void matchesTheAdamWUpdateWithDecoupledDecay() {
    double lr = 0.1, b1 = 0.9, b2 = 0.95, eps = 1e-8, wd = 0.5;
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> params = new LinkedHashMap<>();
      params.put("w.weight", param(m, "w.weight", new float[] {1f, -2f, 3f, 0.5f}, new Shape(2, 2)));
      params.put("w.bias", param(m, "w.bias", new float[] {1f, -1f}, new Shape(2)));
      try (AdamW adam = new AdamW(params, b1, b2, eps, wd, m)) {
        double[][] w = {{1, -2, 3, 0.5}, {1, -1}};
        double[][] mo = new double[2][4];
        double[][] v = new double[2][4];
        for (int t = 1; t <= 2; t++) {
          cubeStep(params, adam, lr, 0.5, m); // gradient 3 x^2, halved as clipping would
          for (int k = 0; k < 2; k++) {
            boolean decay = k == 0;
            for (int i = 0; i < w[k].length; i++) {
              double g = 0.5 * 3 * w[k][i] * w[k][i];
              mo[k][i] = b1 * mo[k][i] + (1 - b1) * g;
              v[k][i] = b2 * v[k][i] + (1 - b2) * g * g;
              double mh = mo[k][i] / (1 - Math.pow(b1, t));
              double vh = v[k][i] / (1 - Math.pow(b2, t));
              if (decay) {
                w[k][i] *= 1 - lr * wd;
              }
              w[k][i] -= lr * mh / (Math.sqrt(vh) + eps);
            }
          }
        }
        float[] gotW = params.get("w.weight").getArray().toFloatArray();
        float[] gotB = params.get("w.bias").getArray().toFloatArray();
        for (int i = 0; i < 4; i++) {
          assertThat((double) gotW[i]).isCloseTo(w[0][i], within(1e-5));
        }
        for (int i = 0; i < 2; i++) {
          assertThat((double) gotB[i]).isCloseTo(w[1][i], within(1e-5));
        }
        assertThat(adam.updates()).isEqualTo(2);
        assertThat(adam.exportState()).containsOnlyKeys("exp_avg.w.weight", "exp_avg_sq.w.weight", "exp_avg.w.bias", "exp_avg_sq.w.bias");
        assertThat(m.getManagedArrays()).hasSize(2 + 4);
      }
    }
  }

  @Test
  void globalNormClippingScalesToMaxNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter a = param(m, "a.weight", new float[] {3f, 0f}, new Shape(1, 2));
      Parameter b = param(m, "b.bias", new float[] {2f}, new Shape(1));
      try (NDManager scratch = m.newSubManager()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          a.getArray().tempAttach(scratch);
          b.getArray().tempAttach(scratch);
          // d/dx of x^2 / 2 = x: gradients (3, 0) and (2)... then (4) via 2 * b^2 / 2 * 2
          gc.backward(a.getArray().square().sum().div(2).add(b.getArray().square().sum()));
        }
        double norm = Gradients.globalNorm(List.of(a, b), scratch);
        assertThat(norm).isCloseTo(5.0, within(1e-6)); // sqrt(3^2 + 4^2)
        assertThat(Gradients.clipFactor(norm, 1.0)).isCloseTo(0.2, within(1e-6));
        assertThat(Gradients.clipFactor(norm, 10.0)).isEqualTo(1.0);
        assertThat(Gradients.clipFactor(norm, 0.0)).isEqualTo(1.0);
      }
    }
  }
}

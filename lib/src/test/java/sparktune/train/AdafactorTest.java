package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static sparktune.testing.ToyParameters.cubeStep;
import static sparktune.testing.ToyParameters.param;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparktune.testing.CyclicBlocks;

class AdafactorTest {
  static final float[] W0 = {1f, -2f, 3f, 0.5f, -1.5f, 2.5f};
  static final float[] B0 = {1f, -0.25f};

  /**
   * Steps of Adafactor against the algorithm written out by hand on a 2x3 matrix (factored) and a
   * 2-vector, with loss sum(x^3) (gradient 3 x^2, halved as clipping would).
   */
  static double[][] reference(int steps, double lr, double wd, boolean scale) {
    double[] w = toDouble(W0);
    double[] b = toDouble(B0);
    double[] r = new double[2];
    double[] c = new double[3];
    double[] vb = new double[2];
    for (int t = 1; t <= steps; t++) {
      double rho = 1 - Math.pow(t, -0.8);
      double[] g = new double[6];
      for (int i = 0; i < 6; i++) {
        g[i] = 0.5 * 3 * w[i] * w[i];
      }
      for (int i = 0; i < 2; i++) {
        double mean = 0;
        for (int j = 0; j < 3; j++) {
          mean += (g[i * 3 + j] * g[i * 3 + j] + 1e-30) / 3;
        }
        r[i] = rho * r[i] + (1 - rho) * mean;
      }
      for (int j = 0; j < 3; j++) {
        double mean = 0;
        for (int i = 0; i < 2; i++) {
          mean += (g[i * 3 + j] * g[i * 3 + j] + 1e-30) / 2;
        }
        c[j] = rho * c[j] + (1 - rho) * mean;
      }
      double rMean = (r[0] + r[1]) / 2;
      double[] u = new double[6];
      double ss = 0;
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          double v = r[i] / rMean * c[j];
          u[i * 3 + j] = g[i * 3 + j] / Math.sqrt(v);
          ss += u[i * 3 + j] * u[i * 3 + j];
        }
      }
      applyUpdate(w, u, Math.sqrt(ss / 6), lr, wd, scale);
      double[] ub = new double[2];
      ss = 0;
      for (int i = 0; i < 2; i++) {
        double gb = 0.5 * 3 * b[i] * b[i];
        vb[i] = rho * vb[i] + (1 - rho) * (gb * gb + 1e-30);
        ub[i] = gb / Math.sqrt(vb[i]);
        ss += ub[i] * ub[i];
      }
      applyUpdate(b, ub, Math.sqrt(ss / 2), lr, 0, scale); // biases are not decayed
    }
    return new double[][] {w, b};
  }

  static void applyUpdate(double[] w, double[] u, double rms, double lr, double wd, boolean scale) {
    double step = lr;
    if (scale) {
      double ss = 0;
      for (double x : w) {
        ss += x * x;
      }
      step *= Math.max(1e-3, Math.sqrt(ss / w.length));
    }
    double clip = Math.max(1.0, rms / 1.0);
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] * (1 - step * wd) - step * u[i] / clip;
    }
  }

  @Test
  void matchesTheFactoredUpdateWrittenOutByHand() {
    check(3, 0.05, 0.1, false);
  }

  @Test
  void scalesTheStepByTheParameterRmsWhenAsked() {
    check(2, 0.05, 0.0, true);
  }

  @Test
  void stateRoundTripContinuesExactly() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> params = params(m);
      Map<String, TensorFile.Tensor> state;
      long updates;
      try (Adafactor a = new Adafactor(params, false, 0.1, m)) {
        cubeStep(params, a, 0.05, 0.5, m);
        state = a.exportState();
        updates = a.updates();
      }
      assertThat(state).containsOnlyKeys("exp_avg_sq_row.w.weight", "exp_avg_sq_col.w.weight", "exp_avg_sq.w.bias");
      assertThat(state.get("exp_avg_sq_row.w.weight").shape()).containsExactly(2L);
      assertThat(state.get("exp_avg_sq_col.w.weight").shape()).containsExactly(3L);
      try (Adafactor b = new Adafactor(params, false, 0.1, m)) {
        b.importState(state, updates);
        cubeStep(params, b, 0.05, 0.5, m);
        cubeStep(params, b, 0.05, 0.5, m);
      }
      assertClose(params, reference(3, 0.05, 0.1, false));
    }
  }

  /** The fp16 path of the wikibooks-ru recipe on CPU: fp16 parameters, fp32 masters, loss scaling. */
  @Test
  void trainsAHalfPrecisionModelOnFp32Masters() {
    try (TinyLm lm = new TinyLm(30, 16, 0f, 1)) {
      Adafactor opt = new Adafactor(lm.parameters(), false, 0.0, lm.manager());
      opt.useHalfPrecision();
      lm.halfInputs();
      assertThat(lm.parameters().values()).allSatisfy(p -> assertThat(p.getArray().getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT16));
      assertThat(opt.exportState()).containsKey("master.lm_head.weight");
      try (TrainStep step = new TrainStep(lm, opt, new LossScaler(1024.0, 10), 1.0, 0, 3)) {
        BatchStream data = new BatchStream(CyclicBlocks.of(8, 16, 30, 1), 16, 4, 1, true);
        double first = step.run(java.util.List.of(data.next()), 1e-2, 0).loss();
        double last = first;
        for (int s = 1; s < 40; s++) {
          last = step.run(java.util.List.of(data.next()), 1e-2, s).loss();
        }
        assertThat(opt.updates()).isPositive();
        assertThat(last).isLessThan(first / 2);
      }
    }
  }

  private static void check(int steps, double lr, double wd, boolean scale) {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> params = params(m);
      try (Adafactor a = new Adafactor(params, scale, wd, m)) {
        for (int t = 0; t < steps; t++) {
          cubeStep(params, a, lr, 0.5, m);
        }
        assertThat(a.updates()).isEqualTo(steps);
      }
      assertClose(params, reference(steps, lr, wd, scale));
    }
  }

  private static void assertClose(Map<String, Parameter> params, double[][] want) {
    float[] w = params.get("w.weight").getArray().toFloatArray();
    float[] b = params.get("w.bias").getArray().toFloatArray();
    assertThat(w[0]).isNotEqualTo(W0[0]);
    for (int i = 0; i < 6; i++) {
      assertThat((double) w[i]).as("w[%d]", i).isCloseTo(want[0][i], within(1e-5));
    }
    for (int i = 0; i < 2; i++) {
      assertThat((double) b[i]).as("b[%d]", i).isCloseTo(want[1][i], within(1e-5));
    }
  }

  private static Map<String, Parameter> params(NDManager m) {
    Map<String, Parameter> params = new LinkedHashMap<>();
    params.put("w.weight", param(m, "w.weight", W0, new Shape(2, 3)));
    params.put("w.bias", param(m, "w.bias", B0, new Shape(2)));
    return params;
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}

package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled fused kernels against the same arithmetic written with DJL's own operations. */
class FusedOpsTest {

  private static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  @Test
  void tanhGeluMatchesTheSigmoidFormulaForwardAndBackward() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      NDArray x = m.randomNormal(0, 2, new Shape(4, 33), DataType.FLOAT32);
      NDArray x2 = x.duplicate();
      x.setRequiresGradient(true);
      x2.setRequiresGradient(true);
      NDArray fused;
      NDArray plain;
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        fused = FusedOps.get().geluTanh(x);
        plain = Gpt2Layer.geluNew(x2);
        c.backward(fused.mul(plain.stopGradient()).sum().add(plain.mul(fused.stopGradient()).sum()));
      }
      assertThat(fused.getManager()).isSameAs(x.getManager());
      assertThat(maxAbsDiff(fused, plain)).isLessThan(1e-5f);
      assertThat(maxAbsDiff(x.getGradient(), x2.getGradient())).isLessThan(1e-4f);
    }
  }

  @Test
  void causalAttentionMatchesTheMaskedSoftmax() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      Shape s = new Shape(2, 3, 7, 8);
      NDArray q = m.randomNormal(0, 1, s, DataType.FLOAT32);
      NDArray k = m.randomNormal(0, 1, s, DataType.FLOAT32);
      NDArray v = m.randomNormal(0, 1, s, DataType.FLOAT32);
      NDArray allowed = m.arange(7).reshape(7, 1).gte(m.arange(7).reshape(1, 7));
      NDArray mask = NDArrays.where(allowed, m.zeros(allowed.getShape()), m.full(allowed.getShape(), Float.NEGATIVE_INFINITY));
      NDArray plain = q.mul(1 / Math.sqrt(8)).matMul(k.transpose(0, 1, 3, 2)).add(mask).softmax(-1).matMul(v);
      assertThat(maxAbsDiff(FusedOps.get().causalAttention(q, k, v), plain)).isLessThan(1e-5f);
    }
  }

  @Test
  void sumOfSquaresAndZeroCoverEveryTensor() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {3, 4});
      NDArray b = m.create(new float[][] {{1, 2}, {2, 0}});
      assertThat(FusedOps.get().sumOfSquares(List.of(a, b), m).getFloat()).isEqualTo(34f, org.assertj.core.api.Assertions.within(1e-4f));
      FusedOps.get().zero(List.of(a, b));
      assertThat(a.toFloatArray()).containsOnly(0f);
      assertThat(b.toFloatArray()).containsOnly(0f);
    }
  }
}

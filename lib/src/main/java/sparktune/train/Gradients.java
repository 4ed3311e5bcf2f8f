package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import sparktune.model.FusedOps;

/** Gradient bookkeeping over a model's parameters: zeroing and the global L2 norm. */
public final class Gradients {
  private Gradients() {}

  /** Sets every parameter's gradient to zero (PyTorch keeps accumulating across backward calls). */
  public static void zero(Collection<Parameter> params) {
    for (Parameter p : params) {
      NDArray w = p.getArray();
      if (w.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) w);
      }
    }
  }

  /**
   * The global L2 norm over all gradients, sqrt(sum of squares), computed in float32 in
   * {@code scratch}. Infinite or NaN when any gradient overflowed.
   */
  public static double globalNorm(Collection<Parameter> params, NDManager scratch) {
    List<NDArray> grads = new ArrayList<>();
    for (Parameter p : params) {
      NDArray g = p.getArray().getGradient();
      g.attach(scratch);
      grads.add(g);
    }
    if (grads.stream().allMatch(g -> g.getDataType() == DataType.FLOAT32)) {
      // one multi-tensor kernel; fp16 gradients take the per-parameter float32 sums below, so a
      // norm above the fp16 range is not mistaken for an overflow
      return grads.isEmpty() ? 0 : Math.sqrt(FusedOps.get().sumOfSquares(grads, scratch).getFloat());
    }
    NDArray total = null;
    for (Parameter p : params) {
      // each gradient's squares freed before the next: a model-sized temporary otherwise
      try (NDManager local = scratch.newSubManager()) {
        NDArray g = p.getArray().getGradient();
        g.attach(local);
        NDArray sq = g.toType(DataType.FLOAT32, false).square().sum();
        if (total == null) {
          sq.attach(scratch);
          total = sq;
        } else {
          total = total.add(sq); // in total's manager, scratch
        }
      }
    }
    return total == null ? 0 : Math.sqrt(total.getFloat());
  }

  /** The clipping factor for a global norm: min(1, maxNorm / norm); 1 when maxNorm is 0 (off). */
  public static double clipFactor(double norm, double maxNorm) {
    if (maxNorm <= 0 || norm <= maxNorm) {
      return 1.0;
    }
    return maxNorm / (norm + 1e-6);
  }
}

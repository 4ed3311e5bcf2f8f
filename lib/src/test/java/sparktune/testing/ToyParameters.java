package sparktune.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Map;
import sparktune.train.Gradients;
import sparktune.train.Optimizer;

/**
 * Hand-made parameters and a loss with a gradient known in closed form, for checking optimizers
 * against their update rule written out by hand.
 */
public final class ToyParameters {
  private ToyParameters() {}

  /** A float32 parameter that records gradients; a BIAS when the name ends in "bias", else a WEIGHT. */
  public static Parameter param(NDManager m, String name, float[] values, Shape shape) {
    Parameter p = Parameter.builder().setName(name).setType(name.endsWith("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT).build();
    p.setArray(m.create(values, shape));
    p.getArray().setRequiresGradient(true);
    return p;
  }

  /**
   * One optimizer step on loss = sum over parameters of sum(x^3), whose gradient is 3 x^2, with the
   * gradients multiplied by {@code gradMultiplier} as clipping would; temporaries in a sub-manager of
   * {@code m}, closed afterwards.
   */
  public static void cubeStep(Map<String, Parameter> params, Optimizer opt, double lr, double gradMultiplier, NDManager m) {
    try (NDManager scratch = m.newSubManager()) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = null;
        for (Parameter p : params.values()) {
          NDArray a = p.getArray();
          a.tempAttach(scratch);
          NDArray l = a.pow(3).sum();
          loss = loss == null ? l : loss.add(l);
        }
        Gradients.zero(params.values());
        gc.backward(loss);
      }
      opt.step(lr, gradMultiplier, scratch);
    }
  }
}

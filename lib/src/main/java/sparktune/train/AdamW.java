package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay that skips biases, LayerNorm weights and
 * every other parameter with fewer than 2 dimensions. Moments (and, for fp16 models, fp32 master
 * weights) live in this optimizer's own manager; every temporary of an update goes to the caller's
 * scratch manager.
 */
public final class AdamW implements Optimizer {
  private final Map<String, Parameter> params;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final NDManager state;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  /** fp32 copies of fp16 parameters (mixed precision); empty for fp32 models. */
  private final Map<String, NDArray> master = new LinkedHashMap<>();
  private long updates;

  public AdamW(Map<String, Parameter> params, double beta1, double beta2, double eps, double weightDecay, NDManager parent) {
    this.params = params;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.state = parent.newSubManager();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray w = e.getValue().getArray();
      m.put(e.getKey(), state.zeros(w.getShape(), DataType.FLOAT32));
      v.put(e.getKey(), state.zeros(w.getShape(), DataType.FLOAT32));
      if (w.getDataType() != DataType.FLOAT32) {
        NDArray copy = w.toType(DataType.FLOAT32, true);
        copy.attach(state);
        master.put(e.getKey(), copy);
      }
    }
  }

  /**
   * Switches the model to fp16 mixed precision: keeps an fp32 master copy of every parameter here
   * and casts the model's parameters to fp16 in place. Updates then run on the masters and are
   * copied back to the fp16 parameters. Call before the first step.
   */
  @Override
  public void useHalfPrecision() {
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray w = e.getValue().getArray();
      if (w.getDataType() == DataType.FLOAT16) {
        continue;
      }
      NDArray copy = w.toType(DataType.FLOAT32, true);
      copy.attach(state);
      master.put(e.getKey(), copy);
      NDArray half = w.toType(DataType.FLOAT16, true);
      w.intern(half);
      forgetCachedType(w);
      w.setRequiresGradient(true);
    }
  }

  /**
   * The parameter object must stay the same (models read {@code Parameter.getArray()}), so the cast
   * swaps the native tensor under it with {@code intern}; DJL's PtNDArray caches its data type and
   * would keep reporting float32, so the cache is cleared.
   */
  static void forgetCachedType(NDArray array) {
    try {
      java.lang.reflect.Field f = array.getClass().getDeclaredField("dataType");
      f.setAccessible(true);
      f.set(array, null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot switch " + array.getName() + " to fp16 in this DJL version", e);
    }
  }

  /** Whether weight decay applies: matrices and embeddings yes; biases and LayerNorm weights no. */
  public static boolean decays(String name, Shape shape) {
    return shape.dimension() >= 2 && !name.endsWith(".bias") && !name.contains("ln_") && !name.contains("layernorm");
  }

  /** Updates applied so far (Adam's t, for bias correction). */
  @Override
  public long updates() {
    return updates;
  }

  /**
   * One update from the parameters' current gradients.
   *
   * @param lr learning rate of this step
   * @param gradMultiplier factor applied to every gradient first (clipping, 1/loss-scale)
   * @param scratch manager for temporaries; closed by the caller after the step
   */
  @Override
  public void step(double lr, double gradMultiplier, NDManager scratch) {
    updates++;
    double bc1 = 1 - Math.pow(beta1, updates);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, updates));
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      String name = e.getKey();
      NDArray w = e.getValue().getArray();
      NDArray mi = m.get(name);
      NDArray vi = v.get(name);
      NDArray weights = master.getOrDefault(name, w);
      StepArrays.borrow(scratch, List.of(w, mi, vi, weights));
      NDArray g = StepArrays.gradient32(w, scratch);
      // g' = gradMultiplier g is folded into the coefficients; in-place ops, three temporaries.
      // m = b1 m + (1 - b1) g' = c1 (m b1 / c1 + g)
      double c1 = (1 - beta1) * gradMultiplier;
      mi.muli(beta1 / c1).addi(g).muli(c1);
      vi.muli(beta2).addi(g.square().muli((1 - beta2) * gradMultiplier * gradMultiplier));
      if (weightDecay > 0 && decays(name, w.getShape())) {
        weights.muli(1 - lr * weightDecay);
      }
      // lr (m / bc1) / (sqrt(v) / sqrt(bc2) + eps) = [lr sqrt(bc2) / bc1] m / (sqrt(v) + eps sqrt(bc2))
      NDArray denom = vi.sqrt().addi(eps * bc2Sqrt);
      weights.subi(mi.div(denom).muli(lr * bc2Sqrt / bc1));
      if (weights != w) {
        w.set(new NDIndex("..."), weights.toType(w.getDataType(), false)); // in place: the model holds w
      }
    }
  }

  /** Moments as float32 tensors named exp_avg.NAME / exp_avg_sq.NAME (and master.NAME for fp16). */
  @Override
  public Map<String, TensorFile.Tensor> exportState() {
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    for (String name : params.keySet()) {
      out.put("exp_avg." + name, TensorFile.Tensor.of(m.get(name)));
      out.put("exp_avg_sq." + name, TensorFile.Tensor.of(v.get(name)));
      if (master.containsKey(name)) {
        out.put("master." + name, TensorFile.Tensor.of(master.get(name)));
      }
    }
    return out;
  }

  /** Restores moments and the update count written by {@link #exportState()}. */
  @Override
  public void importState(Map<String, TensorFile.Tensor> tensors, long updates) {
    for (String name : params.keySet()) {
      TensorFile.Tensor.loadInto(m.get(name), tensors, "exp_avg." + name);
      TensorFile.Tensor.loadInto(v.get(name), tensors, "exp_avg_sq." + name);
      if (master.containsKey(name)) {
        TensorFile.Tensor.loadInto(master.get(name), tensors, "master." + name);
      }
    }
    this.updates = updates;
  }



  @Override
  public void close() {
    state.close();
  }
}

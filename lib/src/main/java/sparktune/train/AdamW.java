package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.model.FusedOps;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay that skips biases, LayerNorm weights and
 * every other parameter with fewer than 2 dimensions. Moments (and, for fp16 models, fp32 master
 * weights) live in this optimizer's own manager; every temporary of an update goes to the caller's
 * scratch manager.
 */
public final class AdamW extends PerParameterOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();

  public AdamW(Map<String, Parameter> params, double beta1, double beta2, double eps, double weightDecay, NDManager parent) {
    super(params, parent);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      Shape shape = e.getValue().getArray().getShape();
      m.put(e.getKey(), state.zeros(shape, DataType.FLOAT32));
      v.put(e.getKey(), state.zeros(shape, DataType.FLOAT32));
    }
  }

  /** Whether weight decay applies: matrices and embeddings yes; biases and LayerNorm weights no. */
  public static boolean decays(String name, Shape shape) {
    return shape.dimension() >= 2 && !name.endsWith(".bias") && !name.contains("ln_") && !name.contains("layernorm");
  }

  /** Every parameter in two fused multi-tensor kernels: one for the decayed, one for the rest. */
  @Override
  boolean updatesAll() {
    return true;
  }

  @Override
  void updateAll(Map<String, NDArray> weights, Map<String, NDArray> grads, double lr, double gradMultiplier, NDManager scratch) {
    StepArrays.borrow(scratch, m.values());
    StepArrays.borrow(scratch, v.values());
    NDArray step = scratch.create((float) updates());
    NDArray divisor = scratch.create((float) (1.0 / gradMultiplier));
    for (boolean decayed : new boolean[] {true, false}) {
      List<NDArray> w = new ArrayList<>();
      List<NDArray> g = new ArrayList<>();
      List<NDArray> mi = new ArrayList<>();
      List<NDArray> vi = new ArrayList<>();
      for (String name : weights.keySet()) {
        if ((weightDecay > 0 && decays(name, weights.get(name).getShape())) == decayed) {
          w.add(weights.get(name));
          g.add(grads.get(name));
          mi.add(m.get(name));
          vi.add(v.get(name));
        }
      }
      if (!w.isEmpty()) {
        FusedOps.get().adamw(w, g, mi, vi, step, lr, beta1, beta2, decayed ? weightDecay : 0, eps, divisor);
      }
    }
  }

  /** Moments as float32 tensors named exp_avg.NAME / exp_avg_sq.NAME. */
  @Override
  void exportParameter(String name, Map<String, TensorFile.Tensor> out) {
    out.put("exp_avg." + name, TensorFile.Tensor.of(m.get(name)));
    out.put("exp_avg_sq." + name, TensorFile.Tensor.of(v.get(name)));
  }

  @Override
  void importParameter(String name, Map<String, TensorFile.Tensor> tensors) {
    TensorFile.Tensor.loadInto(m.get(name), tensors, "exp_avg." + name);
    TensorFile.Tensor.loadInto(v.get(name), tensors, "exp_avg_sq." + name);
  }
}

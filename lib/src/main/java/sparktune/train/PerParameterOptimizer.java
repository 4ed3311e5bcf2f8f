package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What AdamW and Adafactor share: an update per parameter ({@link #update}) or of all parameters
 * at once ({@link #updateAll}), state tensors in
 * the optimizer's own manager, fp32 masters for fp16 parameters ({@link MasterWeights}), the update
 * count, and state exported in parameter order (a parameter's own tensors, then its master).
 */
abstract class PerParameterOptimizer implements Optimizer {
  final Map<String, Parameter> params;
  /** Manager of the optimizer's state tensors (moments, masters); closed with the optimizer. */
  final NDManager state;
  private final MasterWeights master;
  private long updates;

  PerParameterOptimizer(Map<String, Parameter> params, NDManager parent) {
    this.params = params;
    this.state = parent.newSubManager();
    this.master = new MasterWeights(params, state);
  }

  /**
   * Updates one parameter's float32 {@code weights} (its master, or the parameter itself) in place
   * from the gradient of {@code w}; {@link #updates()} already counts this step.
   *
   * @param gradMultiplier factor to apply to the gradient first (clipping, 1/loss-scale)
   * @param scratch manager for temporaries; {@code w} and {@code weights} are already borrowed into it
   */
  void update(String name, NDArray w, NDArray weights, double lr, double gradMultiplier, NDManager scratch) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " updates all parameters at once");
  }

  /** Adds parameter {@code name}'s state tensors to {@code out}. */
  abstract void exportParameter(String name, Map<String, TensorFile.Tensor> out);

  /** Restores parameter {@code name}'s state tensors written by {@link #exportParameter}. */
  abstract void importParameter(String name, Map<String, TensorFile.Tensor> tensors);

  /**
   * Switches the model to fp16 mixed precision: keeps an fp32 master copy of every parameter here
   * and casts the model's parameters to fp16 in place. Updates then run on the masters and are
   * copied back to the fp16 parameters. Call before the first step.
   */
  @Override
  public final void useHalfPrecision() {
    master.useHalfPrecision();
  }

  @Override
  public final long updates() {
    return updates;
  }

  /** Whether {@link #updateAll} replaces the per-parameter {@link #update}. */
  boolean updatesAll() {
    return false;
  }

  /**
   * Updates every parameter at once, in as few kernels as the optimizer can, from the float32
   * {@code weights} by name (masters or the parameters) and their float32 {@code grads}.
   * {@link #updates()} already counts this step.
   */
  void updateAll(Map<String, NDArray> weights, Map<String, NDArray> grads, double lr, double gradMultiplier, NDManager scratch) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final void step(double lr, double gradMultiplier, NDManager scratch) {
    updates++;
    if (updatesAll()) {
      stepAll(lr, gradMultiplier, scratch);
      return;
    }
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      // One parameter's temporaries at a time: kept until the step's end they would add several
      // copies of the whole model (about 3 P floats for AdamW).
      try (NDManager local = scratch.newSubManager()) {
        String name = e.getKey();
        NDArray w = e.getValue().getArray();
        NDArray weights = master.weights(name, w);
        StepArrays.borrow(local, List.of(w, weights));
        update(name, w, weights, lr, gradMultiplier, local);
        MasterWeights.writeBack(weights, w);
      }
    }
  }

  private void stepAll(double lr, double gradMultiplier, NDManager scratch) {
    Map<String, NDArray> weights = new LinkedHashMap<>();
    Map<String, NDArray> grads = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray w = e.getValue().getArray();
      NDArray wt = master.weights(e.getKey(), w);
      StepArrays.borrow(scratch, List.of(w, wt));
      weights.put(e.getKey(), wt);
      grads.put(e.getKey(), StepArrays.gradient32(w, scratch));
    }
    updateAll(weights, grads, lr, gradMultiplier, scratch);
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      MasterWeights.writeBack(weights.get(e.getKey()), e.getValue().getArray());
    }
  }

  /** Each parameter's tensors from {@link #exportParameter}, then its {@code master.NAME} (fp16 models). */
  @Override
  public final Map<String, TensorFile.Tensor> exportState() {
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    for (String name : params.keySet()) {
      exportParameter(name, out);
      master.export(name, out);
    }
    return out;
  }

  @Override
  public final void importState(Map<String, TensorFile.Tensor> tensors, long updates) {
    for (String name : params.keySet()) {
      importParameter(name, tensors);
      master.load(name, tensors);
    }
    this.updates = updates;
  }

  @Override
  public final void loadWeights(Map<String, TensorFile.Tensor> tensors, String source) {
    try (NDManager scratch = state.newSubManager()) {
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        NDArray w = e.getValue().getArray();
        TensorFile.Tensor t = tensors.get(e.getKey());
        if (t == null || t.values().length != w.size()) {
          throw new IllegalArgumentException(source + " has no tensor " + e.getKey() + " of shape " + w.getShape());
        }
        NDArray weights = master.weights(e.getKey(), w);
        StepArrays.borrow(scratch, List.of(w, weights));
        weights.set(t.values());
        MasterWeights.writeBack(weights, w);
      }
    }
  }

  @Override
  public final Map<String, TensorFile.Tensor> exportWeights() {
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    params.forEach((name, p) -> out.put(name, TensorFile.Tensor.of(master.weights(name, p.getArray()))));
    return out;
  }

  @Override
  public void close() {
    state.close();
  }
}

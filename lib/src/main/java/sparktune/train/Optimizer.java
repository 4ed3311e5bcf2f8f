package sparktune.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Map;
import sparktune.config.TrainConfig;

/**
 * A parameter update rule with state that {@link TrainStep} drives and checkpoints save: the
 * gradients are read from the parameters, state tensors are exported by name for
 * {@code trainer_state/optimizer.safetensors}.
 */
public interface Optimizer extends AutoCloseable {

  /** Keeps fp32 master weights and casts the model's parameters to fp16 in place; call before the first step. */
  void useHalfPrecision();

  /** Updates applied so far (the step count t of bias corrections and decay schedules). */
  long updates();

  /**
   * One update from the parameters' current gradients.
   *
   * @param lr learning rate of this step
   * @param gradMultiplier factor applied to every gradient first (clipping, 1/loss-scale)
   * @param scratch manager for temporaries; closed by the caller after the step
   */
  void step(double lr, double gradMultiplier, NDManager scratch);

  /** State as float32 tensors named {@code <kind>.<parameter>}. */
  Map<String, TensorFile.Tensor> exportState();

  /** Restores the state written by {@link #exportState()} and the update count. */
  void importState(Map<String, TensorFile.Tensor> tensors, long updates);

  /**
   * Sets the weights the optimizer updates: each fp32 master (fp16 models) to the given values
   * exactly, and each model parameter to them (cast to its type).
   *
   * @param source names the tensors in errors (a file path)
   */
  void loadWeights(Map<String, TensorFile.Tensor> tensors, String source);

  /** The weights as float32 tensors by parameter name: the fp32 masters where there are any. */
  Map<String, TensorFile.Tensor> exportWeights();

  @Override
  void close();

  /** The optimizer named by {@code train.optimizer}, with its settings from {@code cfg}. */
  static Optimizer of(TrainConfig cfg, Map<String, Parameter> params, NDManager parent) {
    return switch (cfg.optimizer()) {
      case "adamw" -> new AdamW(params, cfg.beta1(), cfg.beta2(), cfg.eps(), cfg.weightDecay(), parent);
      case "adafactor" -> new Adafactor(params, false, cfg.weightDecay(), parent);
      default -> throw new IllegalArgumentException("Unknown optimizer " + cfg.optimizer());
    };
  }
}

package sparktune.distributed;

import java.io.Serializable;
import java.util.List;

/**
 * What one worker reports for a round; the delta itself stays on the warehouse.
 *
 * @param worker worker index
 * @param stepLosses each inner step's mean training loss, in order (H values)
 * @param gradNormSum sum over the applied inner steps of the gradient norm before clipping
 * @param skippedSteps steps whose update was skipped because the gradient norm was not finite
 * @param tokens target tokens trained on
 * @param computeSeconds time from task start to delta written (loading included)
 * @param deltaPath global - local, safetensors
 * @param inner the inner optimizer state after the round
 * @param warm true when the model and optimizer came from this executor's cache
 * @param freshOptimizer true when the inner optimizer started from zero this round
 * @param executor executor id and pid, for logs
 * @param device the DJL device the worker trained on, and why
 */
public record WorkerResult(
    int worker,
    List<Double> stepLosses,
    double gradNormSum,
    int skippedSteps,
    long tokens,
    double computeSeconds,
    String deltaPath,
    RoundSpec.InnerState inner,
    boolean warm,
    boolean freshOptimizer,
    String executor,
    String device) implements Serializable {

  /** Inner steps run (H). */
  public int steps() {
    return stepLosses.size();
  }

  public double meanGradNorm() {
    return gradNormSum / Math.max(1, steps() - skippedSteps);
  }

  public double meanLoss() {
    return stepLosses.stream().mapToDouble(Double::doubleValue).sum() / Math.max(1, steps());
  }
}

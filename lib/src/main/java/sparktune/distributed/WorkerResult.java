package sparktune.distributed;

import java.io.Serializable;
import java.util.List;

/**
 * What one round task reports; the weights themselves stay on the executors and the warehouse.
 *
 * @param worker worker index
 * @param stepLosses each inner step's mean training loss of the round, in order (H values)
 * @param gradNormSum sum over the applied inner steps of the gradient norm before clipping
 * @param skippedSteps steps whose update was skipped because the gradient norm was not finite
 * @param tokens target tokens trained on in the round (replayed rounds not counted)
 * @param computeSeconds time from task start to the end of the round's inner steps (loading and replays included)
 * @param traffic bytes the task read and wrote, by kind
 * @param inner the saved inner state after the round (checkpoint rounds), or null
 * @param warm true when the task's cache held the start of the round
 * @param freshOptimizer true when the inner optimizer started from zero in this task (round 0, or a replay from the run's start)
 * @param replayed rounds recomputed before this one (0 unless a worker started cold after the last saved state)
 * @param executor executor location, for logs and scheduling
 * @param device the DJL device the worker trained on, and why
 */
public record WorkerResult(
    int worker,
    List<Double> stepLosses,
    double gradNormSum,
    int skippedSteps,
    long tokens,
    double computeSeconds,
    Traffic traffic,
    RoundSpec.InnerState inner,
    boolean warm,
    boolean freshOptimizer,
    int replayed,
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

package sparktune.distributed;

import java.io.Serializable;
import java.util.List;

/**
 * What one round task reports; the weights themselves stay on the warehouse.
 *
 * @param worker worker index
 * @param stepLosses each inner step's mean training loss, in order (H values)
 * @param gradNormSum sum over the applied inner steps of the gradient norm before clipping
 * @param skippedSteps steps whose update was skipped because the gradient norm was not finite
 * @param tokens target tokens trained on
 * @param computeSeconds time from task start to delta written (loading included)
 * @param deltaBytes bytes of the worker's delta shards (train.delta-dtype)
 * @param bytesRead weight exchange bytes the task read: global shards, and in its reduction the
 *     delta, global and momentum shards of its shard
 * @param bytesWritten weight exchange bytes the task wrote: its delta shards, the new global and momentum shard
 * @param innerBytes bytes of the inner state file written
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
    long deltaBytes,
    long bytesRead,
    long bytesWritten,
    long innerBytes,
    RoundSpec.InnerState inner,
    boolean warm,
    boolean freshOptimizer,
    String executor,
    String device) implements Serializable {

  /** This result with the bytes of the task's reduction added. */
  public WorkerResult plus(ShardReducer.Result reduce) {
    return new WorkerResult(worker, stepLosses, gradNormSum, skippedSteps, tokens, computeSeconds, deltaBytes, bytesRead + reduce.read(),
        bytesWritten + reduce.written(), innerBytes, inner, warm, freshOptimizer, executor, device);
  }

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

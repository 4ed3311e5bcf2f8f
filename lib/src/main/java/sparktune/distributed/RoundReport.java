package sparktune.distributed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A round's task results combined into its {@code metrics.jsonl} row: losses and gradient norms
 * averaged over workers, tokens summed, and the bytes each task moved.
 *
 * @param loss mean over workers of their mean inner loss
 * @param stepLosses per inner step, the mean over workers of that step's loss
 * @param gradNorm mean over workers of their mean gradient norm before clipping
 * @param tokens target tokens trained on in the round, all workers
 * @param slowest the longest worker compute time, seconds
 * @param warm tasks that found their cached model
 * @param fresh tasks whose inner optimizer started from zero
 * @param skipped inner steps skipped (non-finite gradient norm)
 * @param deltaBytes bytes of all delta shard files
 * @param maxWorkerBytes the most weight-exchange bytes (read plus written) any one task moved
 * @param innerBytes bytes of all inner-state files written
 */
public record RoundReport(double loss, List<Double> stepLosses, double gradNorm, long tokens, double slowest, int warm, int fresh, int skipped,
    long deltaBytes, long maxWorkerBytes, long innerBytes) {

  /** Combines the round's task results. */
  public static RoundReport of(List<WorkerResult> results) {
    int n = results.size();
    double[] steps = new double[results.get(0).steps()];
    double loss = 0;
    double norm = 0;
    long tokens = 0;
    double slowest = 0;
    int warm = 0;
    int fresh = 0;
    int skipped = 0;
    long delta = 0;
    long maxBytes = 0;
    long inner = 0;
    for (WorkerResult w : results) {
      for (int k = 0; k < steps.length; k++) {
        steps[k] += w.stepLosses().get(k) / n;
      }
      loss += w.meanLoss() / n;
      norm += w.meanGradNorm() / n;
      tokens += w.tokens();
      slowest = Math.max(slowest, w.computeSeconds());
      warm += w.warm() ? 1 : 0;
      fresh += w.freshOptimizer() ? 1 : 0;
      skipped += w.skippedSteps();
      delta += w.deltaBytes();
      maxBytes = Math.max(maxBytes, w.bytesRead() + w.bytesWritten());
      inner += w.innerBytes();
    }
    List<Double> stepLosses = new ArrayList<>();
    for (double s : steps) {
      stepLosses.add(s);
    }
    return new RoundReport(loss, stepLosses, norm, tokens, slowest, warm, fresh, skipped, delta, maxBytes, inner);
  }

  /** The metrics row of round {@code round} ending at inner step {@code step}. */
  public Map<String, Object> row(int round, long step, double lr, long totalTokens, double seconds) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("round", round);
    row.put("step", step);
    row.put("loss", loss);
    row.put("step_losses", stepLosses);
    row.put("lr", lr);
    row.put("grad_norm", gradNorm);
    row.put("tokens", totalTokens);
    row.put("tokens_per_s", tokens / Math.max(1e-9, seconds));
    row.put("round_seconds", seconds);
    row.put("coordination_seconds", Math.max(0, seconds - slowest));
    row.put("warm_workers", warm);
    row.put("fresh_inner_optimizers", fresh);
    row.put("skipped_steps", skipped);
    row.put("delta_bytes", deltaBytes);
    row.put("max_worker_exchange_bytes", maxWorkerBytes);
    row.put("inner_state_bytes", innerBytes);
    return row;
  }
}

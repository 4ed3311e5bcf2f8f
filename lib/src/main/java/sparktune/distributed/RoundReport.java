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
 * @param deltaBytes bytes of all delta shard files written
 * @param updateBytes bytes of all update shard files written
 * @param maxExchangeBytes the most delta and update bytes (read plus written) any one task moved
 * @param maxWorkerBytes the most bytes (read plus written, saved state included) any one task moved
 * @param innerBytes bytes of all inner-state files written
 * @param stateReadBytes saved-state bytes read by tasks that started cold, all tasks
 * @param stateWriteBytes saved-state bytes written (checkpoint or evaluation rounds), all tasks
 * @param replayed rounds recomputed before this one
 */
public record RoundReport(double loss, List<Double> stepLosses, double gradNorm, long tokens, double slowest, int warm, int fresh, int skipped,
    long deltaBytes, long updateBytes, long maxExchangeBytes, long maxWorkerBytes, long innerBytes, long stateReadBytes, long stateWriteBytes,
    int replayed) {

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
    long update = 0;
    long maxExchange = 0;
    long maxBytes = 0;
    long inner = 0;
    long stateRead = 0;
    long stateWrite = 0;
    int replayed = 0;
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
      Traffic t = w.traffic();
      delta += t.deltaWritten();
      update += t.updateWritten();
      maxExchange = Math.max(maxExchange, t.exchange());
      maxBytes = Math.max(maxBytes, t.total());
      inner += t.innerWritten();
      stateRead += t.stateRead();
      stateWrite += t.stateWritten();
      replayed = Math.max(replayed, w.replayed());
    }
    List<Double> stepLosses = new ArrayList<>();
    for (double s : steps) {
      stepLosses.add(s);
    }
    return new RoundReport(loss, stepLosses, norm, tokens, slowest, warm, fresh, skipped, delta, update, maxExchange, maxBytes, inner, stateRead,
        stateWrite, replayed);
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
    row.put("replayed_rounds", replayed);
    row.put("delta_bytes", deltaBytes);
    row.put("update_bytes", updateBytes);
    row.put("max_worker_exchange_bytes", maxExchangeBytes);
    row.put("max_worker_bytes", maxWorkerBytes);
    row.put("inner_state_bytes", innerBytes);
    row.put("state_read_bytes", stateReadBytes);
    row.put("state_write_bytes", stateWriteBytes);
    return row;
  }
}

package sparktune.distributed;

import java.io.Serializable;
import java.util.List;

/**
 * What one worker reports for a held-out evaluation.
 *
 * @param worker worker index
 * @param nll summed NLL and target tokens of the worker's share of the eval batches
 * @param batches eval batches scored
 * @param seconds task time, loading the weights included
 * @param warm true when the model came from this executor's cache
 * @param executor {@code executor_<host>_<id>}
 */
public record EvalResult(int worker, HeldOut.Nll nll, int batches, double seconds, boolean warm, String executor) implements Serializable {
  /** The workers' sums added: its {@link HeldOut.Nll#mean()} is the held-out loss of all batches. */
  public static HeldOut.Nll total(List<EvalResult> results) {
    HeldOut.Nll sum = HeldOut.Nll.ZERO;
    for (EvalResult r : results) {
      sum = sum.plus(r.nll());
    }
    return sum;
  }
}

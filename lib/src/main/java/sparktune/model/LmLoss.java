package sparktune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Language-model cross-entropy, as in {@code torch.nn.functional.cross_entropy}. */
public final class LmLoss {
  /** Targets with this id are ignored (as Hugging Face's -100 labels). */
  public static final int IGNORE = -100;

  private LmLoss() {}

  /**
   * Mean negative log-likelihood (nats per token) of {@code targets} (B, T) int under
   * {@code logits} (B, T, V), over targets that are not {@link #IGNORE}. For next-token training
   * pass logits of x[:, :-1] and targets x[:, 1:]. Returns a scalar.
   */
  public static NDArray meanCrossEntropy(NDArray logits, NDArray targets) {
    NDArray[] st = sumAndCount(logits, targets);
    return st[0].div(st[1].maximum(1f));
  }

  /** [sum of token NLL, number of counted tokens], both fp32 scalars (for corpus-level perplexity). */
  public static NDArray[] sumAndCount(NDArray logits, NDArray targets) {
    long V = logits.getShape().get(2);
    NDArray logp = logits.reshape(-1, V).logSoftmax(1); // (N, V)
    NDArray t = targets.reshape(-1).toType(DataType.INT64, false); // (N,)
    NDArray keep = t.neq(IGNORE); // (N,)
    NDArray safe = t.mul(keep.toType(DataType.INT64, false)); // ignored -> class 0, masked below
    NDArray nll = logp.gather(safe.reshape(-1, 1), 1).reshape(-1).neg(); // (N,)
    NDArray w = keep.toType(DataType.FLOAT32, false);
    return new NDArray[] {nll.mul(w).sum(), w.sum()};
  }
}

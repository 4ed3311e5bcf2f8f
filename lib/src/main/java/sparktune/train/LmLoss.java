package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Next-token cross entropy with label smoothing and a padding mask:
 * per position {@code (1-e) * -log p(target) + e * mean over vocab of -log p}, summed over positions
 * whose mask is 1. Returning the sum (not the mean) lets gradient accumulation divide by the token
 * count of the whole optimizer step.
 */
public final class LmLoss {
  private LmLoss() {}

  /**
   * @param logits (B, T, V), any float type (computed in float32)
   * @param targets (B, T) int64
   * @param mask (B, T) float32 0/1
   * @param smoothing label smoothing e in [0, 1)
   * @return scalar float32: the masked sum of per-position losses
   */
  public static NDArray sum(NDArray logits, NDArray targets, NDArray mask, double smoothing) {
    NDArray logp = toFloat32(logits).logSoftmax(-1); // (B, T, V)
    NDArray nll = logp.gather(targets.expandDims(-1), -1).squeeze(-1).neg(); // (B, T)
    NDArray perPosition = nll;
    if (smoothing > 0) {
      NDArray uniform = logp.mean(new int[] {-1}).neg(); // (B, T)
      perPosition = nll.mul(1 - smoothing).add(uniform.mul(smoothing));
    }
    return perPosition.mul(mask).sum();
  }

  /**
   * The mean loss over every position, without smoothing: nats per token of {@code targets} (B, T)
   * (any integer type) under {@code logits} (B, T, V). For next-token prediction pass the logits of
   * x[:, :-1] and x[:, 1:] as targets.
   */
  public static NDArray mean(NDArray logits, NDArray targets) {
    NDArray t = targets.toType(DataType.INT64, false);
    return sum(logits, t, t.onesLike().toType(DataType.FLOAT32, false), 0).div(t.size());
  }

  /**
   * fp16 logits -> fp32 keeping the autograd graph: DJL's toType cuts it, so add a float32 zero of
   * shape (1, 1, 1), which type promotion turns into a float32 result.
   */
  static NDArray toFloat32(NDArray logits) {
    if (logits.getDataType() == DataType.FLOAT32) {
      return logits;
    }
    return logits.add(logits.getManager().zeros(new ai.djl.ndarray.types.Shape(1, 1, 1), DataType.FLOAT32));
  }
}

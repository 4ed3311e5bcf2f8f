package sparktune.train;

/**
 * One micro-batch, row-major (B, T): input ids, next-token targets, and a 0/1 mask that is 0 where
 * the target is padding (past the block's length) so it does not count in the loss.
 *
 * @param ids int ids (B*T)
 * @param targets target ids (B*T)
 * @param mask 1 for a real target, 0 for padding (B*T)
 * @param batch B
 * @param seqLen T
 */
public record Batch(int[] ids, long[] targets, float[] mask, int batch, int seqLen) {
  /** Positions whose target counts. */
  public long tokens() {
    long n = 0;
    for (float f : mask) {
      n += f > 0 ? 1 : 0;
    }
    return n;
  }
}

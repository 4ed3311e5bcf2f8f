package sparktune.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cuts blocks into training sequences and serves batches in a deterministic shuffled order per
 * epoch. A block of size L with sequence length T gives windows starting at 0, T, 2T, ... (while at
 * least one target is real); window position p predicts the block's token p+1, and targets at or
 * past the block's length are masked. The stream runs over epochs without end; {@link #cursor()}
 * says where it is.
 */
public final class BatchStream {
  private final TokenBlocks blocks;
  private final int seqLen;
  private final int batchSize;
  private final long seed;
  private final boolean shuffle;
  /** Each sequence as (block index, start offset). */
  private final int[] seqBlock;
  private final int[] seqStart;
  private int epoch;
  private long position;
  private int[] order;

  /**
   * @param seqLen tokens per sequence (T), at most the block size
   * @param shuffle false serves sequences in block order every epoch (held-out evaluation)
   */
  public BatchStream(TokenBlocks blocks, int seqLen, int batchSize, long seed, boolean shuffle) {
    if (seqLen < 1 || seqLen > blocks.blockSize()) {
      throw new IllegalArgumentException("Sequence length " + seqLen + " must be 1.." + blocks.blockSize() + " (the block size)");
    }
    this.blocks = blocks;
    this.seqLen = seqLen;
    this.batchSize = batchSize;
    this.seed = seed;
    this.shuffle = shuffle;
    List<int[]> seqs = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      for (int start = 0; start + 1 < blocks.lengths()[b]; start += seqLen) {
        seqs.add(new int[] {b, start});
      }
    }
    if (seqs.isEmpty()) {
      throw new IllegalArgumentException("No training sequences: every block has fewer than 2 tokens");
    }
    seqBlock = seqs.stream().mapToInt(s -> s[0]).toArray();
    seqStart = seqs.stream().mapToInt(s -> s[1]).toArray();
    seek(DataCursor.START);
  }

  /** Sequences per epoch. */
  public int sequences() {
    return seqBlock.length;
  }

  public DataCursor cursor() {
    return new DataCursor(epoch, position);
  }

  /** Continues from a recorded cursor. */
  public void seek(DataCursor cursor) {
    this.epoch = cursor.epoch();
    this.position = cursor.position();
    this.order = orderOf(epoch);
  }

  /** The next B sequences (crossing into the next epoch when this one runs out). */
  public Batch next() {
    int n = batchSize * seqLen;
    int[] ids = new int[n];
    long[] targets = new long[n];
    float[] mask = new float[n];
    for (int row = 0; row < batchSize; row++) {
      if (position == order.length) {
        epoch++;
        position = 0;
        order = orderOf(epoch);
      }
      int seq = order[(int) position++];
      fill(seq, row * seqLen, ids, targets, mask);
    }
    return new Batch(ids, targets, mask, batchSize, seqLen);
  }

  private void fill(int seq, int offset, int[] ids, long[] targets, float[] mask) {
    int block = seqBlock[seq];
    int start = seqStart[seq];
    int[] tokens = blocks.decode(block);
    int length = blocks.lengths()[block];
    for (int t = 0; t < seqLen; t++) {
      int p = start + t;
      ids[offset + t] = p < tokens.length ? tokens[p] : blocks.eosId();
      boolean real = p + 1 < length;
      targets[offset + t] = real ? tokens[p + 1] : blocks.eosId();
      mask[offset + t] = real ? 1f : 0f;
    }
  }

  private int[] orderOf(int e) {
    int[] o = new int[seqBlock.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = i;
    }
    if (shuffle) {
      SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
      for (int i = o.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int tmp = o[i];
        o[i] = o[j];
        o[j] = tmp;
      }
    }
    return o;
  }
}

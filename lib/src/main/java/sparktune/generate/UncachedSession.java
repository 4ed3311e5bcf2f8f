package sparktune.generate;

import java.util.Arrays;

/** A {@link DecodeSession} that keeps only token ids and runs the full forward at every step. */
final class UncachedSession implements DecodeSession {
  private final CausalLm lm;
  private int[][] seqs; // (rows, length)
  private int forwardCalls;

  UncachedSession(CausalLm lm, int[] prompt, int rows) {
    this.lm = lm;
    this.seqs = new int[rows][];
    for (int r = 0; r < rows; r++) {
      seqs[r] = prompt.clone();
    }
  }

  @Override
  public float[][] logits() {
    forwardCalls++;
    return lm.lastLogits(seqs);
  }

  @Override
  public void append(int[] tokens) {
    for (int r = 0; r < seqs.length; r++) {
      int[] s = Arrays.copyOf(seqs[r], seqs[r].length + 1);
      s[s.length - 1] = tokens[r];
      seqs[r] = s;
    }
  }

  @Override
  public void reorder(int[] sourceRows) {
    int[][] next = new int[sourceRows.length][];
    for (int r = 0; r < sourceRows.length; r++) {
      next[r] = seqs[sourceRows[r]];
    }
    seqs = next;
  }

  @Override
  public int forwardCalls() {
    return forwardCalls;
  }

  @Override
  public void close() {}
}

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

  /** One row per prompt; prompts may differ in length. */
  UncachedSession(CausalLm lm, int[][] prompts) {
    this.lm = lm;
    this.seqs = new int[prompts.length][];
    for (int r = 0; r < prompts.length; r++) {
      seqs[r] = prompts[r].clone();
    }
  }

  @Override
  public float[][] logits() {
    forwardCalls++;
    boolean sameLength = true;
    for (int[] s : seqs) {
      sameLength &= s.length == seqs[0].length;
    }
    if (sameLength) {
      return lm.lastLogits(seqs);
    }
    float[][] out = new float[seqs.length][];
    for (int r = 0; r < seqs.length; r++) {
      out[r] = lm.lastLogits(new int[][] {seqs[r]})[0];
    }
    return out;
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

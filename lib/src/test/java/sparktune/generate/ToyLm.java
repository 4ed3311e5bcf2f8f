package sparktune.generate;

import java.util.function.IntFunction;

/**
 * A pure-Java causal LM for decoding tests: the logits of the next token are a fixed function of
 * the last two tokens and the sequence length. Its cached session keeps only that state per row,
 * so it is a genuinely different code path from the uncached full-sequence forward.
 */
final class ToyLm implements CausalLm {
  /** Logits for (previous token or -1, last token, sequence length). */
  interface Table {
    float[] logits(int prev, int last, int length);
  }

  private final int vocab;
  private final int context;
  private final Table table;

  ToyLm(int vocab, int context, Table table) {
    this.vocab = vocab;
    this.context = context;
    this.table = table;
  }

  /** Pseudo-random but deterministic logits in [-4, 4). */
  static ToyLm hashed(int vocab, int context, long salt) {
    return new ToyLm(vocab, context, (prev, last, len) -> {
      float[] l = new float[vocab];
      for (int t = 0; t < vocab; t++) {
        long h = (prev * 1_000_003L + last * 10_007L + t * 101L + len * 7L + salt) * 0x9E3779B97F4A7C15L;
        l[t] = (float) (((h >>> 40) & 0xFFFF) / 65536.0 * 8 - 4);
      }
      return l;
    });
  }

  /** Logits given by a function of the last token only. */
  static ToyLm byLast(int vocab, int context, IntFunction<float[]> f) {
    return new ToyLm(vocab, context, (prev, last, len) -> f.apply(last));
  }

  @Override
  public int vocabSize() {
    return vocab;
  }

  @Override
  public int contextSize() {
    return context;
  }

  @Override
  public float[][] lastLogits(int[][] ids) {
    float[][] out = new float[ids.length][];
    for (int r = 0; r < ids.length; r++) {
      int[] s = ids[r];
      out[r] = table.logits(s.length > 1 ? s[s.length - 2] : -1, s[s.length - 1], s.length);
    }
    return out;
  }

  @Override
  public DecodeSession openCached(int[] prompt, int rows) {
    return new DecodeSession() {
      final int[] prev = new int[rows];
      final int[] last = new int[rows];
      int length = prompt.length;
      int calls = 1;

      {
        java.util.Arrays.fill(prev, prompt.length > 1 ? prompt[prompt.length - 2] : -1);
        java.util.Arrays.fill(last, prompt[prompt.length - 1]);
      }

      @Override
      public float[][] logits() {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
          out[r] = table.logits(prev[r], last[r], length);
        }
        return out;
      }

      @Override
      public void append(int[] tokens) {
        for (int r = 0; r < rows; r++) {
          prev[r] = last[r];
          last[r] = tokens[r];
        }
        length++;
        calls++;
      }

      @Override
      public void reorder(int[] sourceRows) {
        int[] p = prev.clone();
        int[] l = last.clone();
        for (int r = 0; r < rows; r++) {
          prev[r] = p[sourceRows[r]];
          last[r] = l[sourceRows[r]];
        }
      }

      @Override
      public int forwardCalls() {
        return calls;
      }

      @Override
      public void close() {}
    };
  }
}

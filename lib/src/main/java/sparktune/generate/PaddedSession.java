package sparktune.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import sparktune.model.Gpt2Model;
import sparktune.model.KvCache;

/**
 * Incremental decoding of prompts of different lengths in one batch: prompts are padded on the
 * left, so every row's newest token sits in the last column and one forward of (rows, 1) advances
 * them all. Each row's real tokens take positions 0, 1, ... whatever its padding, and the attention
 * mask hides the padded keys. {@link #reorder} with a subset of rows drops finished rows from the
 * cache, then drops leading columns that are padding in every remaining row, so neither costs
 * compute afterwards.
 */
final class PaddedSession implements DecodeSession {
  private static final int PAD_ID = 0; // any valid id: padded positions are masked out

  private final Gpt2Model model;
  private final NDManager manager;
  private final KvCache cache;
  private int[] padding; // per row: leading cache columns that are padding
  private int[] nextPosition; // per row: position id of the row's next token
  private float[][] last; // (rows, V) logits after the latest forward
  private int calls;

  PaddedSession(Gpt2Model model, NDManager manager, int[][] prompts) {
    this.model = model;
    this.manager = manager;
    this.cache = model.newCache(manager);
    int rows = prompts.length;
    int width = 0;
    for (int[] p : prompts) {
      width = Math.max(width, p.length);
    }
    padding = new int[rows];
    nextPosition = new int[rows];
    int[][] ids = new int[rows][width];
    int[][] positions = new int[rows][width];
    for (int r = 0; r < rows; r++) {
      int pad = width - prompts[r].length;
      padding[r] = pad;
      nextPosition[r] = prompts[r].length;
      java.util.Arrays.fill(ids[r], 0, pad, PAD_ID);
      System.arraycopy(prompts[r], 0, ids[r], pad, prompts[r].length);
      for (int t = pad; t < width; t++) {
        positions[r][t] = t - pad;
      }
    }
    forward(ids, positions);
  }

  /** Runs ids (rows, T) at the given positions over the cache and keeps the last column's logits. */
  private void forward(int[][] ids, int[][] positions) {
    int rows = ids.length;
    int keys = cache.length() + ids[0].length;
    boolean padded = false;
    for (int p : padding) {
      padded |= p > 0;
    }
    try (NDManager step = manager.newSubManager()) {
      NDArray x = step.create(ids);
      NDArray logits;
      if (padded) {
        int[][] mask = new int[rows][keys];
        for (int r = 0; r < rows; r++) {
          java.util.Arrays.fill(mask[r], padding[r], keys, 1);
        }
        logits = model.logits(x, cache, step.create(mask), step.create(positions)); // (rows, T, V)
      } else {
        logits = model.logits(x, cache, null); // no padding: positions are the cache columns
      }
      last = Gpt2Lm.rows(logits.get(new NDIndex(":, -1, :")), rows);
    }
    calls++;
  }

  @Override
  public float[][] logits() {
    float[][] out = new float[last.length][];
    for (int r = 0; r < last.length; r++) {
      out[r] = last[r].clone();
    }
    return out;
  }

  @Override
  public void append(int[] tokens) {
    int[][] ids = new int[tokens.length][1];
    int[][] positions = new int[tokens.length][1];
    for (int r = 0; r < tokens.length; r++) {
      ids[r][0] = tokens[r];
      positions[r][0] = nextPosition[r]++;
    }
    forward(ids, positions);
  }

  /** Row i continues from old row {@code sourceRows[i]}; rows not named are dropped. */
  @Override
  public void reorder(int[] sourceRows) {
    long[] index = new long[sourceRows.length];
    int[] pad = new int[sourceRows.length];
    int[] next = new int[sourceRows.length];
    float[][] logits = new float[sourceRows.length][];
    int common = Integer.MAX_VALUE;
    for (int r = 0; r < sourceRows.length; r++) {
      index[r] = sourceRows[r];
      pad[r] = padding[sourceRows[r]];
      next[r] = nextPosition[sourceRows[r]];
      logits[r] = last[sourceRows[r]];
      common = Math.min(common, pad[r]);
    }
    cache.reorder(index);
    if (common > 0 && common != Integer.MAX_VALUE) {
      cache.dropFront(common);
      for (int r = 0; r < pad.length; r++) {
        pad[r] -= common;
      }
    }
    padding = pad;
    nextPosition = next;
    last = logits;
  }

  @Override
  public int forwardCalls() {
    return calls;
  }

  @Override
  public void close() {
    cache.close();
  }
}

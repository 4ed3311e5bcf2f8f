package sparktune.distributed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import sparktune.train.Batch;

/**
 * The held-out batches in a serializable form, broadcast once per run to every executor; worker w
 * of N scores batches w, w + N, w + 2N, ... Per batch i: ids and targets (rows[i] * seqLens[i]
 * each, row-major) and the 0/1 target mask.
 */
public record EvalBatches(int[][] ids, long[][] targets, float[][] masks, int[] rows, int[] seqLens) implements Serializable {
  public static EvalBatches of(List<Batch> batches) {
    int n = batches.size();
    EvalBatches out = new EvalBatches(new int[n][], new long[n][], new float[n][], new int[n], new int[n]);
    for (int i = 0; i < n; i++) {
      Batch b = batches.get(i);
      out.ids[i] = b.ids();
      out.targets[i] = b.targets();
      out.masks[i] = b.mask();
      out.rows[i] = b.batch();
      out.seqLens[i] = b.seqLen();
    }
    return out;
  }

  public int size() {
    return ids.length;
  }

  /** Indices of the batches worker {@code worker} of {@code workers} scores: i with i mod workers == worker. */
  public static List<Integer> assigned(int batches, int worker, int workers) {
    if (workers < 1 || worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("worker " + worker + " of " + workers);
    }
    List<Integer> out = new ArrayList<>();
    for (int i = worker; i < batches; i += workers) {
      out.add(i);
    }
    return out;
  }

  /** The batches worker {@code worker} of {@code workers} scores, in index order. */
  public List<Batch> share(int worker, int workers) {
    return assigned(size(), worker, workers).stream().map(i -> new Batch(ids[i], targets[i], masks[i], rows[i], seqLens[i])).toList();
  }

  /** Encoded bytes held (what a broadcast ships, about 16 per position). */
  public long bytes() {
    long n = 0;
    for (int i = 0; i < size(); i++) {
      n += 4L * ids[i].length + 8L * targets[i].length + 4L * masks[i].length;
    }
    return n;
  }
}

package sparktune.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums token negative log-likelihoods of whole sequences through a {@link TokenScorer}, windowed
 * ({@link Windows}) when a sequence is longer than the context, and batching sequences of equal
 * length. Only real tokens are passed in, so padding never counts.
 */
public final class SequenceScorer {
  private final TokenScorer scorer;
  private final int stride;
  private final int batchSize;

  /**
   * @param stride sliding-window stride (see {@link Windows#plan})
   * @param batchSize sequences per model call
   */
  public SequenceScorer(TokenScorer scorer, int stride, int batchSize) {
    this.scorer = scorer;
    this.stride = stride;
    this.batchSize = Math.max(1, batchSize);
  }

  /**
   * NLL sum (nats) and scored-token count of each sequence: result[i] = {nll, count}; a sequence
   * of n tokens has n-1 scored tokens (its first token is context only).
   */
  public double[][] score(List<int[]> sequences) {
    double[][] out = new double[sequences.size()][2];
    Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
    for (int i = 0; i < sequences.size(); i++) {
      byLength.computeIfAbsent(sequences.get(i).length, k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
      List<Windows> windows = Windows.plan(group.getKey(), scorer.contextSize(), stride);
      List<Integer> members = group.getValue();
      for (int from = 0; from < members.size(); from += batchSize) {
        List<Integer> batch = members.subList(from, Math.min(from + batchSize, members.size()));
        for (Windows w : windows) {
          int[][] ids = new int[batch.size()][];
          for (int b = 0; b < ids.length; b++) {
            ids[b] = java.util.Arrays.copyOfRange(sequences.get(batch.get(b)), w.begin(), w.end());
          }
          float[][] nll = scorer.tokenNll(ids); // [b][t] scores position begin + t + 1
          for (int b = 0; b < ids.length; b++) {
            double sum = 0;
            for (int p = w.scoreFrom(); p < w.end(); p++) {
              sum += nll[b][p - w.begin() - 1];
            }
            out[batch.get(b)][0] += sum;
            out[batch.get(b)][1] += w.end() - w.scoreFrom();
          }
        }
      }
    }
    return out;
  }
}

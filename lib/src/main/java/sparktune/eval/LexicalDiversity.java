package sparktune.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Type-token ratio and MTLD (McCarthy and Jarvis 2010) of one text's words. */
public final class LexicalDiversity {
  /** The standard MTLD factor threshold. */
  public static final double MTLD_THRESHOLD = 0.72;

  private LexicalDiversity() {}

  /** Distinct words / words (0 for an empty text). */
  public static double typeTokenRatio(List<String> words) {
    return words.isEmpty() ? 0 : (double) new HashSet<>(words).size() / words.size();
  }

  /**
   * Bidirectional MTLD: the mean of the forward and the backward pass. Each pass walks the words,
   * closing a factor whenever the running TTR of the current segment falls to the threshold or
   * below and starting a new segment; the leftover segment counts as the partial factor
   * (1 - TTR) / (1 - threshold). MTLD = words / factors. A text whose factors sum to 0 (every word
   * distinct) gets MTLD = its word count; an empty text gets 0.
   */
  public static double mtld(List<String> words, double threshold) {
    if (words.isEmpty()) {
      return 0;
    }
    return (pass(words, threshold, false) + pass(words, threshold, true)) / 2;
  }

  private static double pass(List<String> words, double threshold, boolean backward) {
    double factors = 0;
    Set<String> types = new HashSet<>();
    int tokens = 0;
    int n = words.size();
    for (int i = 0; i < n; i++) {
      types.add(words.get(backward ? n - 1 - i : i));
      tokens++;
      if ((double) types.size() / tokens <= threshold) {
        factors++;
        types.clear();
        tokens = 0;
      }
    }
    if (tokens > 0) {
      factors += (1 - (double) types.size() / tokens) / (1 - threshold);
    }
    return factors == 0 ? n : n / factors;
  }
}

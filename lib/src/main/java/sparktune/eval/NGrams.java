package sparktune.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Distinct-n and repetition over word n-grams. */
public final class NGrams {
  private NGrams() {}

  /**
   * distinct-n (Li et al. 2016), corpus level: unique n-grams / total n-grams over all texts
   * together. {@code n} of the result is the total n-gram count (0 gives value 0).
   */
  public static MetricValue distinct(List<List<String>> texts, int n) {
    Set<List<String>> unique = new HashSet<>();
    long total = 0;
    for (List<String> words : texts) {
      for (int i = 0; i + n <= words.size(); i++) {
        unique.add(words.subList(i, i + n));
        total++;
      }
    }
    return new MetricValue("distinct-" + n, total == 0 ? 0 : (double) unique.size() / total, total);
  }

  /**
   * Repetition rate: the share of n-grams (over all texts) that repeat an earlier n-gram of the
   * same text. 0 for text without repeats; approaches 1 for a text that loops.
   */
  public static MetricValue repetition(List<List<String>> texts, int n) {
    long repeats = 0;
    long total = 0;
    for (List<String> words : texts) {
      Set<List<String>> seen = new HashSet<>();
      for (int i = 0; i + n <= words.size(); i++) {
        if (!seen.add(words.subList(i, i + n))) {
          repeats++;
        }
        total++;
      }
    }
    return new MetricValue("repetition-" + n, total == 0 ? 0 : (double) repeats / total, total);
  }
}

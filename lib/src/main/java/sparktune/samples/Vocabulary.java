package sparktune.samples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic vocabulary: {@code size} distinct lowercase pseudo-words of one language, ranked,
 * with Zipf-like unigram probabilities {@code p(r) ∝ 1 / (r + 2)^1.05}. Frequent ranks get short
 * words. Built deterministically from (language, seed).
 */
final class Vocabulary {
  private static final double ZIPF_EXPONENT = 1.05;

  private final List<String> words;
  private final Map<String, Integer> index;
  private final double[] prob;
  private final double[] cumulative;

  private Vocabulary(List<String> words) {
    this.words = List.copyOf(words);
    this.index = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      index.put(words.get(i), i);
    }
    this.prob = new double[words.size()];
    double total = 0;
    for (int r = 0; r < prob.length; r++) {
      prob[r] = 1.0 / Math.pow(r + 2, ZIPF_EXPONENT);
      total += prob[r];
    }
    this.cumulative = new double[prob.length];
    double acc = 0;
    for (int r = 0; r < prob.length; r++) {
      prob[r] /= total;
      acc += prob[r];
      cumulative[r] = acc;
    }
  }

  /** Generates {@code size} distinct words of {@code lang}. */
  static Vocabulary build(Language lang, int size, long seed) {
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x5643L, lang.ordinal()));
    List<String> words = new ArrayList<>(size);
    Set<String> seen = new HashSet<>();
    while (words.size() < size) {
      int r = words.size();
      int syllables = r < 40 ? 1 : r < 600 ? 1 + rng.nextInt(2) : 2 + rng.nextInt(2);
      String w = null;
      for (int attempt = 0; w == null || seen.contains(w); attempt++) {
        w = word(lang, syllables + attempt / 20, rng);
      }
      seen.add(w);
      words.add(w);
    }
    return new Vocabulary(words);
  }

  /** A fixed word list (tests); probabilities still follow the rank. */
  static Vocabulary of(List<String> words) {
    return new Vocabulary(words);
  }

  private static String word(Language lang, int syllables, SplittableRandom rng) {
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < syllables; s++) {
      b.append(pick(lang.onsets(), rng)).append(pick(lang.nuclei(), rng));
      if (rng.nextInt(10) < 3) {
        b.append(pick(lang.codas(), rng));
      }
    }
    return b.toString();
  }

  private static String pick(String[] options, SplittableRandom rng) {
    return options[rng.nextInt(options.length)];
  }

  int size() {
    return words.size();
  }

  String word(int id) {
    return words.get(id);
  }

  /** The word's id, or -1 when it is not in the vocabulary. */
  int id(String word) {
    Integer i = index.get(word);
    return i == null ? -1 : i;
  }

  /** Unigram probability of word {@code id}. */
  double prob(int id) {
    return prob[id];
  }

  /** A word id drawn from the unigram distribution. */
  int sample(SplittableRandom rng) {
    double u = rng.nextDouble() * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}

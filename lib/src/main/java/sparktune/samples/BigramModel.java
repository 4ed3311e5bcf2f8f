package sparktune.samples;

import java.util.SplittableRandom;

/**
 * Next-word distribution of the generator: a mixture of a sparse bigram table and the unigram,
 * {@code P(w | prev) = λ · S(w | prev) + (1 − λ) · U(w)}, where each context (every word, and
 * {@link #START} for the first word of a sentence or line) has {@code k} distinct successors with
 * weights ∝ 1/(j+1). The mixture is one categorical distribution over the vocabulary: the word
 * drawn is the choice, and {@link #prob} is its probability.
 */
final class BigramModel {
  /** The context before the first word of a sentence or line. */
  static final int START = -1;

  private final Vocabulary vocab;
  private final double lambda;
  private final int[][] successors;
  private final double[][] successorProb;

  BigramModel(Vocabulary vocab, int k, double lambda, long seed) {
    if (lambda < 0 || lambda > 1) {
      throw new IllegalArgumentException("lambda must be in [0, 1]: " + lambda);
    }
    this.vocab = vocab;
    this.lambda = lambda;
    int kk = Math.min(k, vocab.size());
    double[] weights = new double[kk];
    double total = 0;
    for (int j = 0; j < kk; j++) {
      weights[j] = 1.0 / (j + 1);
      total += weights[j];
    }
    for (int j = 0; j < kk; j++) {
      weights[j] /= total;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x4247L, vocab.size()));
    successors = new int[vocab.size() + 1][kk];
    successorProb = new double[vocab.size() + 1][];
    for (int c = 0; c <= vocab.size(); c++) {
      int[] row = successors[c];
      for (int j = 0; j < kk; j++) {
        int w;
        do {
          w = vocab.sample(rng);
        } while (contains(row, j, w));
        row[j] = w;
      }
      successorProb[c] = weights;
    }
  }

  private static boolean contains(int[] row, int n, int w) {
    for (int i = 0; i < n; i++) {
      if (row[i] == w) {
        return true;
      }
    }
    return false;
  }

  Vocabulary vocab() {
    return vocab;
  }

  /** {@code P(w | prev)}; prev is a word id or {@link #START}. */
  double prob(int prev, int w) {
    int[] row = successors[prev + 1];
    double s = 0;
    for (int j = 0; j < row.length; j++) {
      if (row[j] == w) {
        s = successorProb[prev + 1][j];
        break;
      }
    }
    return lambda * s + (1 - lambda) * vocab.prob(w);
  }

  /** A word id drawn from {@code P(· | prev)}. */
  int sample(int prev, SplittableRandom rng) {
    if (rng.nextDouble() < lambda) {
      double[] p = successorProb[prev + 1];
      double u = rng.nextDouble();
      int j = 0;
      while (j < p.length - 1 && u >= p[j]) {
        u -= p[j];
        j++;
      }
      return successors[prev + 1][j];
    }
    return vocab.sample(rng);
  }
}

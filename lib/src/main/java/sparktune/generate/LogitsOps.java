package sparktune.generate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Next-token logits processing on plain float arrays (one row of V logits), with Hugging Face
 * semantics. Filters set removed tokens to negative infinity in place.
 */
public final class LogitsOps {
  private LogitsOps() {}

  /**
   * Repetition penalty (CTRL / Hugging Face): for every distinct token in {@code context}, a
   * positive logit is divided by {@code penalty}, a negative one multiplied by it.
   */
  public static void repetitionPenalty(float[] logits, int[] context, int contextLength, double penalty) {
    if (penalty == 1.0) {
      return;
    }
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < contextLength; i++) {
      int t = context[i];
      if (seen.add(t)) {
        float l = logits[t];
        logits[t] = (float) (l > 0 ? l / penalty : l * penalty);
      }
    }
  }

  /**
   * No-repeat n-gram: bans every token that would complete an n-gram already present in
   * {@code context[0..length)} (the last n-1 tokens are the prefix being extended).
   */
  public static void banRepeatedNgrams(float[] logits, int[] context, int length, int n) {
    if (n <= 0 || length + 1 < n) {
      return;
    }
    int prefixStart = length - (n - 1);
    for (int start = 0; start + n <= length; start++) {
      boolean match = true;
      for (int j = 0; j < n - 1 && match; j++) {
        match = context[start + j] == context[prefixStart + j];
      }
      if (match) {
        logits[context[start + n - 1]] = Float.NEGATIVE_INFINITY;
      }
    }
  }

  /** Divides every logit by the temperature. */
  public static void temperature(float[] logits, double temperature) {
    if (temperature == 1.0) {
      return;
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (logits[i] / temperature);
    }
  }

  /** Keeps the k largest logits (ties at the k-th value are kept too); 0 or k >= V does nothing. */
  public static void topK(float[] logits, int k) {
    if (k <= 0 || k >= logits.length) {
      return;
    }
    float[] sorted = logits.clone();
    Arrays.sort(sorted);
    float kth = sorted[sorted.length - k];
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] < kth) {
        logits[i] = Float.NEGATIVE_INFINITY;
      }
    }
  }

  /**
   * Nucleus filter: keeps the most likely tokens, in descending probability, until their cumulative
   * probability reaches {@code p} (the token that crosses p is kept; at least one token is kept).
   */
  public static void topP(float[] logits, double p) {
    if (p >= 1.0) {
      return;
    }
    float[] probs = softmax(logits);
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(probs[b], probs[a]));
    double cumulative = 0;
    int keep = 0;
    while (keep < order.length && (keep == 0 || cumulative < p)) {
      cumulative += probs[order[keep]];
      keep++;
    }
    for (int r = keep; r < order.length; r++) {
      logits[order[r]] = Float.NEGATIVE_INFINITY;
    }
  }

  /** Softmax in double precision, stable for -inf entries. */
  public static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] e = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      e[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(logits[i] - max);
      sum += e[i];
    }
    float[] out = new float[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (e[i] / sum);
    }
    return out;
  }

  /** Log-softmax in double precision: log p_i = l_i - max - log sum exp(l - max). */
  public static double[] logSoftmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += l == Float.NEGATIVE_INFINITY ? 0 : Math.exp(l - max);
    }
    double logZ = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits[i] - logZ;
    }
    return out;
  }

  /** {@code logSoftmax(logits)[index]}, computed the same way without the whole array. */
  public static double logSoftmaxAt(float[] logits, int index) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += l == Float.NEGATIVE_INFINITY ? 0 : Math.exp(l - max);
    }
    return logits[index] - (max + Math.log(sum));
  }

  /** Index of the largest logit; the lowest index wins ties (as torch.argmax). */
  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Draws an index from the distribution softmax(logits) with one uniform from {@code random}. */
  public static int sample(float[] logits, Random random) {
    float[] probs = softmax(logits);
    double u = random.nextDouble();
    double cumulative = 0;
    int last = 0;
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] > 0) {
        cumulative += probs[i];
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return last;
  }
}

package sparktune.samples;

import java.util.SplittableRandom;

/**
 * Draws texts from the distribution defined by a {@link BigramModel} and a {@link TextShape} and
 * returns each with its exact natural-log probability: the sum of the logs of the probabilities of
 * every choice made, stop decisions included. {@link TextScorer} recomputes the same value from the
 * text alone.
 */
final class TextGenerator {
  private final BigramModel model;
  private final TextShape shape;

  TextGenerator(BigramModel model, TextShape shape) {
    this.model = model;
    this.shape = shape;
  }

  /** A generated text and ln P(text). */
  record Generated(String text, double logProb) {
    /** −log2 P(text). */
    double bits() {
      return -logProb / Math.log(2);
    }
  }

  Generated generate(SplittableRandom rng) {
    StringBuilder out = new StringBuilder(1024);
    double[] lp = {0};
    if (shape.lyrics()) {
      String chorus = null;
      for (int pair = 1; ; pair++) {
        block(rng, out, lp);
        out.append("\n\n");
        if (chorus == null) {
          int start = out.length();
          block(rng, out, lp);
          chorus = out.substring(start);
        } else {
          out.append(chorus);
        }
        if (decide(rng, shape.endBlocks(pair), lp)) {
          break;
        }
        out.append("\n\n");
      }
    } else {
      for (int j = 1; ; j++) {
        block(rng, out, lp);
        if (decide(rng, shape.endBlocks(j), lp)) {
          break;
        }
        out.append("\n\n");
      }
    }
    return new Generated(out.toString(), lp[0]);
  }

  private void block(SplittableRandom rng, StringBuilder out, double[] lp) {
    for (int m = 1; ; m++) {
      unit(rng, out, lp);
      if (decide(rng, shape.endUnits(m), lp)) {
        return;
      }
      out.append(shape.unitSeparator());
    }
  }

  private void unit(SplittableRandom rng, StringBuilder out, double[] lp) {
    Vocabulary vocab = model.vocab();
    int prev = BigramModel.START;
    for (int n = 0; ; n++) {
      int w = model.sample(prev, rng);
      lp[0] += Math.log(model.prob(prev, w));
      out.append(n == 0 ? Language.capitalize(vocab.word(w)) : vocab.word(w));
      prev = w;
      double pe = shape.endWords(n + 1);
      double pc = shape.commaProb(n + 1);
      double u = rng.nextDouble();
      if (u < pe) {
        lp[0] += Math.log(pe);
        int t = choose(rng, shape.terminatorProbs());
        lp[0] += Math.log(shape.terminatorProbs()[t]);
        out.append(shape.terminators().get(t));
        return;
      } else if (u < pe + pc) {
        lp[0] += Math.log(pc);
        out.append(", ");
      } else {
        lp[0] += Math.log(shape.wordProb(n + 1));
        out.append(' ');
      }
    }
  }

  /** A yes/no choice with P(yes) = p; adds the log-probability of the outcome. */
  private static boolean decide(SplittableRandom rng, double p, double[] lp) {
    boolean yes = p >= 1.0 || rng.nextDouble() < p;
    lp[0] += Math.log(yes ? p : 1 - p);
    return yes;
  }

  private static int choose(SplittableRandom rng, double[] p) {
    double u = rng.nextDouble();
    int i = 0;
    while (i < p.length - 1 && u >= p[i]) {
      u -= p[i];
      i++;
    }
    return i;
  }
}

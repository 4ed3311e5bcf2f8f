package sparktune.samples;

/**
 * Recomputes ln P(text) under a {@link BigramModel} and {@link TextShape} from the text alone, by
 * parsing it back into the generator's choices (the parse is unique: words never contain spaces or
 * punctuation, the first word of a unit is the only capitalized one, prose sentences end at their
 * terminator). Texts outside the distribution's support score {@code -Infinity}. The log terms are
 * added in the generator's order, so the result equals the generator's value exactly.
 */
final class TextScorer {
  private static final String PUNCTUATION = ",.?!";

  private final BigramModel model;
  private final TextShape shape;

  TextScorer(BigramModel model, TextShape shape) {
    this.model = model;
    this.shape = shape;
  }

  /** ln P(text); {@code -Infinity} when the generator cannot produce the text. */
  double logProb(String text) {
    String[] blocks = text.split("\n\n", -1);
    double lp = 0;
    if (shape.lyrics()) {
      if (blocks.length % 2 != 0) {
        return Double.NEGATIVE_INFINITY;
      }
      for (int pair = 1; 2 * pair <= blocks.length; pair++) {
        lp = block(blocks[2 * pair - 2], lp);
        String chorus = blocks[2 * pair - 1];
        if (pair == 1) {
          lp = block(chorus, lp);
        } else if (!chorus.equals(blocks[1])) {
          return Double.NEGATIVE_INFINITY;
        }
        lp = decision(shape.endBlocks(pair), 2 * pair == blocks.length, lp);
      }
    } else {
      for (int j = 1; j <= blocks.length; j++) {
        lp = block(blocks[j - 1], lp);
        lp = decision(shape.endBlocks(j), j == blocks.length, lp);
      }
    }
    return lp;
  }

  private double block(String block, double lp) {
    if (shape.lyrics()) {
      String[] lines = block.split("\n", -1);
      for (int m = 1; m <= lines.length; m++) {
        String[] tokens = lines[m - 1].split(" ", -1);
        lp = unit(tokens, 0, tokens.length, lp);
        lp = decision(shape.endUnits(m), m == lines.length, lp);
      }
      return lp;
    }
    String[] tokens = block.split(" ", -1);
    int start = 0;
    int m = 0;
    for (int i = 0; i < tokens.length; i++) {
      if (endsSentence(tokens[i])) {
        m++;
        lp = unit(tokens, start, i + 1, lp);
        lp = decision(shape.endUnits(m), i == tokens.length - 1, lp);
        start = i + 1;
      }
    }
    return start == tokens.length ? lp : Double.NEGATIVE_INFINITY;
  }

  private boolean endsSentence(String token) {
    return !token.isEmpty() && shape.terminators().contains(token.substring(token.length() - 1));
  }

  /** Scores tokens[from, to) as one unit. */
  private double unit(String[] tokens, int from, int to, double lp) {
    Vocabulary vocab = model.vocab();
    int prev = BigramModel.START;
    for (int i = from; i < to; i++) {
      String token = tokens[i];
      String suffix = "";
      if (!token.isEmpty() && PUNCTUATION.indexOf(token.charAt(token.length() - 1)) >= 0) {
        suffix = token.substring(token.length() - 1);
        token = token.substring(0, token.length() - 1);
      }
      String word = i == from ? Language.decapitalize(token) : token;
      int w = word == null ? -1 : vocab.id(word);
      if (w < 0) {
        return Double.NEGATIVE_INFINITY;
      }
      lp += Math.log(model.prob(prev, w));
      prev = w;
      int n = i - from + 1;
      if (i == to - 1) {
        int t = shape.terminators().indexOf(suffix);
        if (t < 0) {
          return Double.NEGATIVE_INFINITY;
        }
        lp += Math.log(shape.endWords(n));
        lp += Math.log(shape.terminatorProbs()[t]);
      } else if (suffix.equals(",")) {
        lp += Math.log(shape.commaProb(n));
      } else if (suffix.isEmpty()) {
        lp += Math.log(shape.wordProb(n));
      } else {
        return Double.NEGATIVE_INFINITY;
      }
    }
    return lp;
  }

  private static double decision(double p, boolean yes, double lp) {
    return lp + Math.log(yes ? p : 1 - p);
  }
}

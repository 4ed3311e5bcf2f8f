package sparktune.samples;

import java.util.List;

/**
 * The stop and punctuation probabilities of one kind of generated text. A text is blocks
 * (paragraphs, or song sections) separated by a blank line; a block is units (sentences joined by
 * one space, or lines joined by a newline); a unit is words.
 *
 * <p>After the n-th word of a unit: end it with {@link #endWords}(n) (then choose a terminator),
 * add a comma and a word with {@link #commaProb}(n), or add a word with {@link #wordProb}(n). After
 * the m-th unit of a block: end the block with {@link #endUnits}(m). After the j-th block (prose) or
 * verse–chorus pair (lyrics): end the text with {@link #endBlocks}(j). Every hazard is 1 at its cap,
 * so every text is finite.
 *
 * @param name shape name (wiki, book, lyrics)
 * @param lyrics true: units are lines, blocks alternate verse and chorus, and the chorus written
 *     after the first verse repeats verbatim after every later verse
 */
record TextShape(
    String name,
    boolean lyrics,
    int minWords,
    int maxWords,
    double endBase,
    double endSlope,
    double endCap,
    double comma,
    List<String> terminators,
    double[] terminatorProbs,
    int minUnits,
    int maxUnits,
    double unitEnd,
    int maxBlocks,
    double blockEnd) {

  /** Wikibooks articles: ~12-word sentences, ~3.5 per paragraph, ~5.5 paragraphs. */
  static final TextShape WIKI = new TextShape("wiki", false, 3, 40, 0.02, 0.012, 0.5, 0.06,
      List.of(".", "?", "!"), new double[] {0.86, 0.08, 0.06}, 1, 12, 0.28, 60, 0.18);

  /** Books: the same sentences, ~20 paragraphs. */
  static final TextShape BOOK = new TextShape("book", false, 3, 40, 0.02, 0.012, 0.5, 0.06,
      List.of(".", "?", "!"), new double[] {0.86, 0.08, 0.06}, 1, 12, 0.28, 400, 0.05);

  /** Songs: ~5-word lines, 2..8 lines per section, ~2 verse–chorus pairs. */
  static final TextShape LYRICS = new TextShape("lyrics", true, 2, 10, 0.1, 0.08, 0.6, 0.0,
      List.of("", ",", "!"), new double[] {0.8, 0.12, 0.08}, 2, 8, 0.3, 6, 0.45);

  TextShape {
    terminators = List.copyOf(terminators);
    double sum = 0;
    for (double p : terminatorProbs) {
      sum += p;
    }
    if (terminators.size() != terminatorProbs.length || Math.abs(sum - 1) > 1e-12) {
      throw new IllegalArgumentException(name + ": terminator probabilities must match the terminators and sum to 1");
    }
    if (!lyrics && (terminators.contains("") || terminators.contains(","))) {
      // Prose sentences are found by their terminator, so it must be visible and not a comma.
      throw new IllegalArgumentException(name + ": prose terminators must be non-empty and not ','");
    }
    if (minWords < 1 || maxWords < minWords || minUnits < 1 || maxUnits < minUnits || maxBlocks < 1) {
      throw new IllegalArgumentException(name + ": bad length bounds");
    }
  }

  double endWords(int n) {
    if (n >= maxWords) {
      return 1.0;
    }
    return n < minWords ? 0.0 : Math.min(endCap, endBase + endSlope * (n - minWords));
  }

  double commaProb(int n) {
    return n >= maxWords ? 0.0 : comma * (1 - endWords(n));
  }

  double wordProb(int n) {
    return 1 - endWords(n) - commaProb(n);
  }

  double endUnits(int m) {
    if (m >= maxUnits) {
      return 1.0;
    }
    return m < minUnits ? 0.0 : unitEnd;
  }

  double endBlocks(int j) {
    return j >= maxBlocks ? 1.0 : blockEnd;
  }

  /** What joins the units of a block. */
  String unitSeparator() {
    return lyrics ? "\n" : " ";
  }
}

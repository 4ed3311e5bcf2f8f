package sparktune.text;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One document's cleaning: Unicode NFC, markup and entity stripping, whitespace normalization, then
 * the filters in this order (the first that fails is the reject reason):
 * <ul>
 *   <li>{@code empty}: nothing left;</li>
 *   <li>{@code too-short}: fewer than min-chars characters;</li>
 *   <li>{@code symbol-ratio}: share of characters that are not letters, digits, marks, whitespace or
 *       punctuation above max-symbol-ratio;</li>
 *   <li>{@code mean-word-length}: mean length of whitespace-separated words outside the range;</li>
 *   <li>{@code repeated-lines}: share of non-empty lines that repeat an earlier line above
 *       max-repeated-line-share.</li>
 * </ul>
 */
public final class Cleaner {
  private Cleaner() {}

  /** Normalized text without filtering: NFC, markup stripped, entities decoded, whitespace normalized. */
  public static String normalize(String raw) {
    String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
    s = Markup.strip(s);
    s = Whitespace.normalize(s);
    // Decoded entities can produce decomposed sequences again.
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  public static Cleaned clean(String raw, CleanRules rules) {
    String text = raw == null ? "" : normalize(raw);
    if (text.isEmpty()) {
      return new Cleaned(null, "empty", "no text left after cleaning");
    }
    int chars = text.codePointCount(0, text.length());
    if (chars < rules.minChars()) {
      return new Cleaned(null, "too-short", chars + " characters < min-chars " + rules.minChars());
    }
    double symbols = symbolRatio(text);
    if (symbols > rules.maxSymbolRatio()) {
      return new Cleaned(null, "symbol-ratio", String.format(Locale.ROOT, "symbol ratio %.3f > %.3f", symbols, rules.maxSymbolRatio()));
    }
    double meanWord = meanWordLength(text);
    if (meanWord < rules.minMeanWordLength() || meanWord > rules.maxMeanWordLength()) {
      return new Cleaned(null, "mean-word-length", String.format(Locale.ROOT, "mean word length %.2f outside %.2f..%.2f",
          meanWord, rules.minMeanWordLength(), rules.maxMeanWordLength()));
    }
    double repeated = repeatedLineShare(text);
    if (repeated > rules.maxRepeatedLineShare()) {
      return new Cleaned(null, "repeated-lines", String.format(Locale.ROOT, "repeated line share %.3f > %.3f", repeated, rules.maxRepeatedLineShare()));
    }
    return new Cleaned(text, null, null);
  }

  /** Share of code points that are not letters, digits, marks, whitespace or punctuation. */
  public static double symbolRatio(String s) {
    int total = 0;
    int symbols = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      total++;
      if (!(Character.isLetterOrDigit(cp) || Character.isWhitespace(cp) || isMark(cp) || isPunctuation(cp))) {
        symbols++;
      }
    }
    return total == 0 ? 0 : (double) symbols / total;
  }

  /** Mean length in code points of whitespace-separated words (0 when there are none). */
  public static double meanWordLength(String s) {
    long words = 0;
    long letters = 0;
    for (String w : s.split("\\s+")) {
      if (!w.isEmpty()) {
        words++;
        letters += w.codePointCount(0, w.length());
      }
    }
    return words == 0 ? 0 : (double) letters / words;
  }

  /** Share of non-empty lines equal (after trimming) to an earlier line of the same text. */
  public static double repeatedLineShare(String s) {
    Set<String> seen = new HashSet<>();
    int lines = 0;
    int repeated = 0;
    for (String line : s.split("\n")) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      lines++;
      if (!seen.add(t)) {
        repeated++;
      }
    }
    return lines == 0 ? 0 : (double) repeated / lines;
  }

  private static boolean isMark(int cp) {
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
  }

  private static boolean isPunctuation(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }
}

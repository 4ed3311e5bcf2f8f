package sparktune.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word and sentence splitting for generation metrics. A word is a maximal run of letters, digits,
 * marks and inner apostrophes or hyphens, lower-cased (Unicode, so Cyrillic text works too).
 */
public final class Words {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+(?:['\u2019-][\\p{L}\\p{N}\\p{M}]+)*");
  // A sentence ends at . ! ? or … (possibly repeated, possibly followed by quotes) or at a line break.
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?\u2026][\"'\u201d\u00bb)]{0,2})\\s+|\\n+");

  private Words() {}

  /** The lower-cased words of {@code text}, in order. */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      out.add(m.group().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Sentences of {@code text}, trimmed; pieces without any word are dropped. */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : SENTENCE_END.split(text)) {
      String t = s.strip();
      if (WORD.matcher(t).find()) {
        out.add(t);
      }
    }
    return out;
  }
}

package sparktune.text;

import java.util.regex.Pattern;

/**
 * Whitespace normalization: line ends become {@code \n}; runs of spaces, tabs and other horizontal
 * space (NBSP, thin space, ...) become one space; lines are trimmed; at most one blank line in a
 * row; no leading or trailing blank lines. Zero-width characters are dropped.
 */
public final class Whitespace {
  private static final Pattern HORIZONTAL = Pattern.compile("[\\t\\x0B\\f\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000 ]+");
  private static final Pattern ZERO_WIDTH = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF]");
  private static final Pattern AROUND_NEWLINE = Pattern.compile(" ?\\n ?");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  private Whitespace() {}

  public static String normalize(String s) {
    s = Encodings.normalizeNewlines(s).replace('\u2028', '\n').replace('\u2029', '\n');
    s = ZERO_WIDTH.matcher(s).replaceAll("");
    s = HORIZONTAL.matcher(s).replaceAll(" ");
    s = AROUND_NEWLINE.matcher(s).replaceAll("\n");
    s = BLANK_LINES.matcher(s).replaceAll("\n\n");
    return s.strip();
  }

  /** Lower case with all whitespace runs collapsed to one space: the key of exact dedup. */
  public static String dedupKey(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
  }
}

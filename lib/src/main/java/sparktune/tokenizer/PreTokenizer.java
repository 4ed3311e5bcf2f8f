package sparktune.tokenizer;

/**
 * GPT-2's pre-tokenization regex as a hand-written scanner (java.util.regex is several times
 * slower here):
 * <pre>
 * 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * </pre>
 * Letters are Unicode categories L*, numbers N*, whitespace the Unicode White_Space set (as the
 * Oniguruma engine behind Hugging Face tokenizers reads {@code \s}). Positions are UTF-16 indices.
 */
public final class PreTokenizer {
  static final byte OTHER = 0;
  static final byte LETTER = 1;
  static final byte NUMBER = 2;
  static final byte SPACE = 3;

  private static final byte[] BMP = new byte[65536];

  static {
    for (int c = 0; c < 65536; c++) {
      BMP[c] = classify(c);
    }
  }

  private PreTokenizer() {}

  private static byte classify(int cp) {
    if (isWhiteSpace(cp)) {
      return SPACE;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER:
        return LETTER;
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
        return NUMBER;
      default:
        return OTHER;
    }
  }

  /** Unicode White_Space: tab..CR, space, NEL, NBSP, ogham, en quad..hair space, LS, PS, NNBSP, MMSP, ideographic. */
  static boolean isWhiteSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
        || cp == 0x205F || cp == 0x3000;
  }

  static byte classAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
      return classify(Character.toCodePoint(c, s.charAt(i + 1)));
    }
    return BMP[c];
  }

  private static int width(String s, int i, int end) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
  }

  /** End (exclusive) of the pre-token that starts at {@code p}; {@code p < end}. */
  public static int next(String s, int p, int end) {
    char c = s.charAt(p);
    if (c == '\'' && p + 1 < end) {
      char d = s.charAt(p + 1);
      if (d == 's' || d == 't' || d == 'm' || d == 'd') {
        return p + 2;
      }
      if (p + 2 < end) {
        char e = s.charAt(p + 2);
        if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) {
          return p + 3;
        }
      }
    }
    int q = p;
    if (c == ' ' && p + 1 < end && classAt(s, p + 1) != SPACE) {
      q = p + 1;
    }
    byte cls = classAt(s, q);
    if (cls != SPACE) {
      q += width(s, q, end);
      while (q < end && classAt(s, q) == cls) {
        q += width(s, q, end);
      }
      return q;
    }
    // Whitespace (all in the BMP): the run minus its last character when a non-space follows, so
    // that character can lead the next word.
    while (q < end && BMP[s.charAt(q)] == SPACE) {
      q++;
    }
    if (q == end || q - p == 1) {
      return q;
    }
    return q - 1;
  }
}

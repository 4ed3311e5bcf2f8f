package sparktune.text;

import java.io.Serializable;

/**
 * The one rule for what counts as text, applied by every reader before a record becomes a
 * document. A text is rejected when it holds
 * <ul>
 *   <li>{@code undecodable}: bytes that are not valid in the source's encoding (found while
 *       decoding, see {@link DecodedBytes});</li>
 *   <li>{@code nul-bytes}: U+0000;</li>
 *   <li>{@code control-characters}: any other C0 control character (U+0001..U+001F) except tab,
 *       line feed, carriage return (line ends are normalized to line feed at ingest) and form feed
 *       (the page break of plain-text books, which cleaning turns into a space);</li>
 *   <li>{@code unpaired-surrogate}: a UTF-16 surrogate without its partner (from a JSON escape such
 *       as {@code \ud800}), which no UTF-8 writer can encode.</li>
 * </ul>
 * The detail says what was found and where: the byte offset for undecodable bytes, else the line
 * and column (both 1-based, columns in UTF-16 units) inside the text.
 */
public final class TextValidity {
  public static final String UNDECODABLE = "undecodable";
  public static final String NUL_BYTES = "nul-bytes";
  public static final String CONTROL_CHARACTERS = "control-characters";
  public static final String UNPAIRED_SURROGATE = "unpaired-surrogate";

  private TextValidity() {}

  /** Why a text is not accepted: a reject reason and what was found where. */
  public record Problem(String reason, String detail) implements Serializable {
    /** The same problem with {@code where} (a location such as {@code record 5 (line 6)}) in front. */
    public Problem at(String where) {
      return new Problem(reason, where + ": " + detail);
    }
  }

  /** The first problem in {@code text}, or null when it is valid text (null text is valid: it is judged empty later). */
  public static Problem check(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        return c == 0
            ? new Problem(NUL_BYTES, "NUL (U+0000) at " + position(text, i))
            : new Problem(CONTROL_CHARACTERS, String.format("control character U+%04X at %s", (int) c, position(text, i)));
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return new Problem(UNPAIRED_SURROGATE, String.format("unpaired surrogate U+%04X at %s", (int) c, position(text, i)));
      }
    }
    return null;
  }

  /** The problem of bytes that are not valid in {@code charset}, the first bad one at {@code byteOffset} (0-based). */
  public static Problem undecodable(String charset, long byteOffset) {
    return new Problem(UNDECODABLE, "invalid " + charset + " at byte " + byteOffset);
  }

  /** {@code line L, column C} of the character at {@code index}. */
  static String position(String text, int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + ", column " + (index - lineStart + 1);
  }
}

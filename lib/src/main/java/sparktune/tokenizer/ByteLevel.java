package sparktune.tokenizer;

/**
 * GPT-2's {@code bytes_to_unicode}: every byte maps to one printable code point, so a byte string
 * becomes a string of visible characters (space 0x20 becomes 'Ġ' U+0120). Vocabulary and merges
 * files spell tokens this way.
 */
public final class ByteLevel {
  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[324];
  /** Bytes in GPT-2's order: printable ones first, then the rest; position = base token id. */
  private static final int[] ORDER = new int[256];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int k = 0;
    for (int b = 0; b < 256; b++) {
      if (printable(b)) {
        BYTE_TO_CHAR[b] = (char) b;
        ORDER[k++] = b;
      }
    }
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (!printable(b)) {
        BYTE_TO_CHAR[b] = (char) (256 + n++);
        ORDER[k++] = b;
      }
    }
    for (int b = 0; b < 256; b++) {
      CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
    }
  }

  private ByteLevel() {}

  private static boolean printable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** The byte-level spelling of these bytes. */
  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(out);
  }

  /** The bytes a byte-level token spells; throws when a character is not in the mapping. */
  public static byte[] decode(String token) {
    byte[] out = new byte[token.length()];
    for (int i = 0; i < out.length; i++) {
      char c = token.charAt(i);
      int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
      if (b < 0) {
        throw new IllegalArgumentException("Token '" + token + "' is not byte-level: character U+" + Integer.toHexString(c).toUpperCase() + " has no byte");
      }
      out[i] = (byte) b;
    }
    return out;
  }

  /** The i-th byte in GPT-2's base-vocabulary order (ids 0..255 of GPT-2 and of trained tokenizers). */
  public static int byteAt(int i) {
    return ORDER[i];
  }
}

package sparktune.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Bytes decoded in one pass that remembers where they were not valid: every malformed or
 * unmappable sequence becomes one U+FFFD in {@code text}, and its position is kept both as a char
 * index into {@code text} and as a byte offset into the input. A reader can then parse the whole
 * file (a CSV, a JSON document) and still reject exactly the records whose characters came from bad
 * bytes, while a genuine U+FFFD in valid input stays valid.
 *
 * @param text the decoded text
 * @param badChars ascending char indices in {@code text} of the replacement characters
 * @param badBytes the byte offsets of the bad sequences, in the same order
 * @param charset the charset's canonical name
 */
public record DecodedBytes(String text, int[] badChars, long[] badBytes, String charset) {
  /** Decodes {@code bytes} in {@code cs}, marking every bad sequence. */
  public static DecodedBytes of(byte[] bytes, Charset cs) {
    CharsetDecoder decoder = cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
    int[] chars = new int[0];
    long[] offsets = new long[0];
    int n = 0;
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isUnderflow()) {
        break;
      }
      if (r.isOverflow()) {
        out = grow(out);
        continue;
      }
      if (n == chars.length) {
        chars = Arrays.copyOf(chars, Math.max(4, n * 2));
        offsets = Arrays.copyOf(offsets, chars.length);
      }
      if (!out.hasRemaining()) {
        out = grow(out);
      }
      chars[n] = out.position();
      offsets[n] = in.position();
      n++;
      out.put('\uFFFD');
      in.position(in.position() + r.length());
    }
    while (decoder.flush(out).isOverflow()) {
      out = grow(out);
    }
    out.flip();
    return new DecodedBytes(out.toString(), Arrays.copyOf(chars, n), Arrays.copyOf(offsets, n), cs.name());
  }

  /** True when every byte was valid. */
  public boolean isValid() {
    return badChars.length == 0;
  }

  /** The byte offset of the first bad sequence decoded into chars {@code [from, to)} of {@code text}, or -1. */
  public long firstBadByte(int from, int to) {
    int i = Arrays.binarySearch(badChars, from);
    if (i < 0) {
      i = -i - 1;
    }
    return i < badChars.length && badChars[i] < to ? badBytes[i] : -1;
  }

  /** The undecodable problem of chars {@code [from, to)}, or null when they all came from valid bytes. */
  public TextValidity.Problem problem(int from, int to) {
    long at = firstBadByte(from, to);
    return at < 0 ? null : TextValidity.undecodable(charset, at);
  }

  private static CharBuffer grow(CharBuffer out) {
    CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
    out.flip();
    bigger.put(out);
    return bigger;
  }
}

package sparktune.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes text files of unknown encoding. {@code auto}: bytes that are valid UTF-8 are UTF-8 (a BOM
 * is dropped); otherwise the file is decoded as both windows-1251 and KOI8-R and the decoding with
 * more lower-case Cyrillic letters wins. The two code pages hold the same letters with upper and
 * lower case swapped (windows-1251 lower case is 0xE0-0xFF, KOI8-R lower case is 0xC0-0xDF), and
 * running text is mostly lower case, so the right one yields far more lower-case letters. A file
 * where fewer than half of the non-ASCII bytes become Cyrillic letters in the winning decoding is
 * not Russian text in either code page and is rejected as undecodable. Line ends become {@code \n}.
 */
public final class Encodings {
  public static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
  public static final Charset KOI8_R = Charset.forName("KOI8-R");

  private Encodings() {}

  /**
   * @param bytes the whole file
   * @param encoding {@code auto} or a charset name
   * @return the text (CRLF and CR turned into LF), or a reject reason
   */
  public static Decoded decode(byte[] bytes, String encoding) {
    for (byte b : bytes) {
      if (b == 0) {
        return Decoded.rejected(TextValidity.NUL_BYTES, "file contains NUL bytes (binary, or UTF-16)");
      }
    }
    if (!encoding.equalsIgnoreCase("auto")) {
      DecodedBytes d = DecodedBytes.of(bytes, Charset.forName(encoding));
      if (!d.isValid()) {
        TextValidity.Problem p = TextValidity.undecodable(d.charset(), d.badBytes()[0]);
        return Decoded.rejected(p.reason(), p.detail());
      }
      return Decoded.ok(normalizeNewlines(dropBom(d.text())), d.charset());
    }
    String utf8 = strict(bytes, StandardCharsets.UTF_8);
    if (utf8 != null) {
      return Decoded.ok(normalizeNewlines(dropBom(utf8)), "UTF-8");
    }
    String cp1251 = strict(bytes, WINDOWS_1251);
    String koi8 = strict(bytes, KOI8_R);
    int lower1251 = cp1251 == null ? -1 : lowerCyrillic(cp1251);
    int lowerKoi8 = koi8 == null ? -1 : lowerCyrillic(koi8);
    String best = lower1251 >= lowerKoi8 ? cp1251 : koi8;
    Charset bestCs = lower1251 >= lowerKoi8 ? WINDOWS_1251 : KOI8_R;
    long nonAscii = 0;
    for (byte b : bytes) {
      if (b < 0) {
        nonAscii++;
      }
    }
    if (best == null || cyrillic(best) * 2 < nonAscii) {
      return Decoded.rejected(TextValidity.UNDECODABLE, "not UTF-8, and not Russian text in windows-1251 or KOI8-R");
    }
    return Decoded.ok(normalizeNewlines(best), bestCs.name());
  }

  /** CRLF and lone CR become LF. */
  public static String normalizeNewlines(String s) {
    return s.indexOf('\r') < 0 ? s : s.replace("\r\n", "\n").replace('\r', '\n');
  }

  static int lowerCyrillic(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'а' && c <= 'я') || c == 'ё') {
        n++;
      }
    }
    return n;
  }

  private static int cyrillic(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.UnicodeBlock.of(s.charAt(i)) == Character.UnicodeBlock.CYRILLIC) {
        n++;
      }
    }
    return n;
  }

  private static String dropBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** The decoded string, or null when the bytes are not valid in {@code cs}. */
  private static String strict(byte[] bytes, Charset cs) {
    try {
      CharBuffer out = cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return out.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

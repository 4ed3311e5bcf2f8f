package sparktune.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 based identifiers: content hashes and stable document ids. */
public final class Hashes {
  /** Hex characters in a doc_id (80 bits: collisions are negligible below billions of documents). */
  public static final int DOC_ID_HEX = 20;

  private Hashes() {}

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The doc_id of a document: the first {@link #DOC_ID_HEX} hex characters of
   * SHA-256({@code source} + U+0000 + {@code naturalKey}). The NUL separator keeps
   * ("ab", "c") and ("a", "bc") apart.
   */
  public static String docId(String source, String naturalKey) {
    return sha256(source + '\u0000' + naturalKey).substring(0, DOC_ID_HEX);
  }

  /** A 64-bit FNV-1a hash of a string's UTF-16 code units, for shingles and split buckets. */
  public static long fnv64(CharSequence s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64 finalizer: a bijective 64-bit mixer with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

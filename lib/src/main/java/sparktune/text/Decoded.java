package sparktune.text;

import java.io.Serializable;

/**
 * The result of decoding a file's bytes: either text with the charset that produced it, or a
 * reject reason ({@code nul-bytes}, {@code undecodable}) with a short human detail.
 */
public record Decoded(String text, String charset, String reason, String detail) implements Serializable {
  public static Decoded ok(String text, String charset) {
    return new Decoded(text, charset, null, null);
  }

  public static Decoded rejected(String reason, String detail) {
    return new Decoded(null, null, reason, detail);
  }

  public boolean isOk() {
    return reason == null;
  }
}

package sparktune.text;

import java.io.Serializable;

/** A cleaned text, or the reason ({@code empty}, {@code too-short}, a quality filter name) it was dropped. */
public record Cleaned(String text, String reason, String detail) implements Serializable {
  public boolean isKept() {
    return reason == null;
  }
}

package sparktune.cli;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output that remembers its last line, so that a failing command can tell whether a job
 * already printed its failed summary there. Lines longer than {@link #MAX_LINE} bytes (generated
 * text, say) are passed through and remembered only as "not a summary".
 */
final class LastLineOut extends FilterOutputStream {
  static final int MAX_LINE = 1 << 20;

  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private String last = "";
  private boolean overflow;

  private LastLineOut(OutputStream out) {
    super(out);
  }

  /** A tracker of what is written to {@code out}; write through {@link #printStream()}. */
  static LastLineOut over(PrintStream out) {
    return new LastLineOut(out);
  }

  /** A UTF-8, auto-flushing print stream whose bytes go to {@code out} through this tracker. */
  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    track(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      track(b[i]);
    }
  }

  private void track(int b) {
    if (b == '\n') {
      last = overflow ? "" : current.toString(StandardCharsets.UTF_8);
      current.reset();
      overflow = false;
    } else if (current.size() < MAX_LINE) {
      current.write(b);
    } else {
      overflow = true;
    }
  }

  /** The last complete line (without its newline); "" when none or when it was too long. */
  String lastLine() {
    return current.size() > 0 || overflow ? "" : last;
  }
}

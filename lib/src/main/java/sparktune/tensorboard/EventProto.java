package sparktune.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code tensorflow.Event} messages an event file holds, in protocol buffer wire format:
 * {@code Event {double wall_time = 1; int64 step = 2; oneof {string file_version = 3; Summary summary = 5;
 * SessionLog session_log = 7}}}, {@code Summary {repeated Value value = 1}},
 * {@code Value {string tag = 1; float simple_value = 2}}, {@code SessionLog {SessionStatus status = 1}}.
 */
public final class EventProto {
  /** The version string of the first event of every file. */
  public static final String FILE_VERSION = "brain.Event:2";

  private static final int SESSION_START = 1;

  private EventProto() {}

  /** The first event of a file. */
  public static byte[] fileVersion(double wallTime) {
    Writer w = new Writer();
    w.fixed64(1, Double.doubleToLongBits(wallTime));
    w.bytes(3, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
    return w.toByteArray();
  }

  /**
   * A restart at {@code step}: TensorBoard drops the points this run's earlier files hold at that
   * step or later (logged after the checkpoint a resumed run continues from).
   */
  public static byte[] sessionStart(double wallTime, long step) {
    Writer log = new Writer();
    log.varint(1, SESSION_START);
    Writer w = new Writer();
    w.fixed64(1, Double.doubleToLongBits(wallTime));
    w.varint(2, step);
    w.bytes(7, log.toByteArray());
    return w.toByteArray();
  }

  /** One event holding a scalar per tag (tag -> value), all at {@code step}. */
  public static byte[] scalars(double wallTime, long step, Map<String, Double> values) {
    Writer summary = new Writer();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      Writer value = new Writer();
      value.bytes(1, e.getKey().getBytes(StandardCharsets.UTF_8));
      value.fixed32(2, Float.floatToIntBits(e.getValue().floatValue()));
      summary.bytes(1, value.toByteArray());
    }
    Writer w = new Writer();
    w.fixed64(1, Double.doubleToLongBits(wallTime));
    w.varint(2, step);
    w.bytes(5, summary.toByteArray());
    return w.toByteArray();
  }

  /** Protocol buffer fields: key = field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      rawVarint((long) field << 3);
      rawVarint(value);
    }

    void fixed64(int field, long bits) {
      rawVarint((long) field << 3 | 1);
      for (int i = 0; i < 8; i++) {
        out.write((int) (bits >>> (8 * i)));
      }
    }

    void fixed32(int field, int bits) {
      rawVarint((long) field << 3 | 5);
      for (int i = 0; i < 4; i++) {
        out.write(bits >>> (8 * i));
      }
    }

    void bytes(int field, byte[] b) {
      rawVarint((long) field << 3 | 2);
      rawVarint(b.length);
      out.writeBytes(b);
    }

    private void rawVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) (v & 0x7F) | 0x80);
        v >>>= 7;
      }
      out.write((int) v);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}

package sparktune.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads TensorBoard event files from their published format alone (TensorFlow's record_writer and
 * event.proto / summary.proto): TFRecords of {uint64 length, masked crc32c(length), data, masked
 * crc32c(data)} in little-endian, each data an {@code Event} protocol buffer. Both CRCs are checked.
 */
public final class TfEvents {
  /**
   * One event: {@code scalars} holds Summary values with a simple_value (tag -> value);
   * {@code sessionStatus} is SessionLog.status, or -1 when the event has no session_log.
   */
  public record Event(double wallTime, long step, String fileVersion, Map<String, Float> scalars, int sessionStatus) {}

  private TfEvents() {}

  /** The event files directly in {@code dir} (names containing "tfevents"), sorted by name. */
  public static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().contains("tfevents")).sorted().toList();
    }
  }

  /** Every event of one file, in order; fails on a bad CRC or a truncated record. */
  public static List<Event> read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> out = new ArrayList<>();
    while (b.hasRemaining()) {
      if (b.remaining() < 12) {
        throw new IOException(file + ": truncated record header at byte " + b.position());
      }
      byte[] header = new byte[8];
      b.get(header);
      int headerCrc = b.getInt();
      if (headerCrc != masked(header)) {
        throw new IOException(file + ": length CRC mismatch at byte " + (b.position() - 12));
      }
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (length < 0 || length + 4 > b.remaining()) {
        throw new IOException(file + ": record of " + length + " bytes runs past the end");
      }
      byte[] data = new byte[(int) length];
      b.get(data);
      if (b.getInt() != masked(data)) {
        throw new IOException(file + ": data CRC mismatch in record ending at byte " + b.position());
      }
      out.add(event(data));
    }
    return out;
  }

  /** The scalar curve of {@code tag} over the events: step -> value, later events winning. */
  public static Map<Long, Float> curve(List<Event> events, String tag) {
    Map<Long, Float> out = new LinkedHashMap<>();
    for (Event e : events) {
      if (e.scalars().containsKey(tag)) {
        out.put(e.step(), e.scalars().get(tag));
      }
    }
    return out;
  }

  private static int masked(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return Integer.rotateRight((int) c.getValue(), 15) + 0xa282ead8;
  }

  private static Event event(byte[] data) {
    double wallTime = 0;
    long step = 0;
    String version = null;
    Map<String, Float> scalars = new LinkedHashMap<>();
    int status = -1;
    for (Field f : fields(data)) {
      switch (f.number) {
        case 1 -> wallTime = Double.longBitsToDouble(f.bits);
        case 2 -> step = f.bits;
        case 3 -> version = new String(f.bytes, StandardCharsets.UTF_8);
        case 5 -> {
          for (Field value : fields(f.bytes)) {
            if (value.number != 1) {
              continue;
            }
            String tag = null;
            Float simple = null;
            for (Field v : fields(value.bytes)) {
              if (v.number == 1) {
                tag = new String(v.bytes, StandardCharsets.UTF_8);
              } else if (v.number == 2) {
                simple = Float.intBitsToFloat((int) v.bits);
              }
            }
            if (tag != null && simple != null) {
              scalars.put(tag, simple);
            }
          }
        }
        case 7 -> {
          status = 0;
          for (Field s : fields(f.bytes)) {
            if (s.number == 1) {
              status = (int) s.bits;
            }
          }
        }
        default -> { }
      }
    }
    return new Event(wallTime, step, version, scalars, status);
  }

  /** A decoded field: varint and fixed values in {@code bits}, length-delimited ones in {@code bytes}. */
  private record Field(int number, long bits, byte[] bytes) {}

  private static List<Field> fields(byte[] data) {
    List<Field> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < data.length) {
      long key = varint(data, pos);
      int number = (int) (key >>> 3);
      switch ((int) (key & 7)) {
        case 0 -> out.add(new Field(number, varint(data, pos), null));
        case 1 -> {
          out.add(new Field(number, ByteBuffer.wrap(data, pos[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), null));
          pos[0] += 8;
        }
        case 2 -> {
          int len = (int) varint(data, pos);
          byte[] b = new byte[len];
          System.arraycopy(data, pos[0], b, 0, len);
          pos[0] += len;
          out.add(new Field(number, 0, b));
        }
        case 5 -> {
          out.add(new Field(number, ByteBuffer.wrap(data, pos[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL, null));
          pos[0] += 4;
        }
        default -> throw new IllegalArgumentException("wire type " + (key & 7) + " of field " + number + " is not used by Event");
      }
    }
    return out;
  }

  private static long varint(byte[] data, int[] pos) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = data[pos[0]++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }
}

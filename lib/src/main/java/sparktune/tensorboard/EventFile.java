package sparktune.tensorboard;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.Locale;
import sparktune.spark.HadoopFiles;

/**
 * One {@code events.out.tfevents.<seconds>.<host>} file that this process writes. Every
 * {@link #flush()} rewrites the whole file with the records so far (one PUT on object stores, which
 * cannot append); the bytes written earlier never change, so a reader that follows the file sees it grow.
 */
public final class EventFile {
  /** What every event file's name starts with (TensorBoard finds files containing "tfevents"). */
  public static final String PREFIX = "events.out.tfevents.";

  private final HadoopFiles files;
  private final String path;
  private final ByteArrayOutputStream records = new ByteArrayOutputStream();

  private EventFile(HadoopFiles files, String path) {
    this.files = files;
    this.path = path;
  }

  /** A new file in {@code dir} whose first record is the file version event; nothing is written before {@link #flush()}. */
  public static EventFile create(HadoopFiles files, String dir, double wallTime) {
    String name = PREFIX + (long) wallTime + "." + host();
    String path = dir + "/" + name;
    for (int n = 1; files.exists(path); n++) {
      path = dir + "/" + name + "." + n;
    }
    EventFile f = new EventFile(files, path);
    f.append(EventProto.fileVersion(wallTime));
    return f;
  }

  /** Deletes the event files directly in {@code dir}. */
  public static void deleteAll(HadoopFiles files, String dir) {
    for (String child : files.list(dir)) {
      if (child.substring(child.lastIndexOf('/') + 1).startsWith(PREFIX)) {
        files.delete(child);
      }
    }
  }

  public String path() {
    return path;
  }

  /** Adds one serialized {@code Event}. */
  public void append(byte[] event) {
    records.writeBytes(TfRecord.frame(event));
  }

  public void flush() {
    files.writeBytes(path, records.toByteArray());
  }

  private static String host() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return host.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
  }
}

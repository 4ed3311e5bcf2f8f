package sparktune.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import sparktune.spark.HadoopFiles;

/**
 * The {@code checksums.sha256} file of a model directory or checkpoint: one line
 * {@code <hex sha256>  <relative path>} per file (the format {@code sha256sum} reads), written
 * last when a checkpoint is published. Every reader of a model directory verifies it when it is
 * present; a directory without it (as published on the Hugging Face Hub) is read unverified.
 * Local directories are read with plain file I/O, so a damaged file is reported by its hash and
 * not by the Hadoop local file system's own {@code .crc} check.
 */
public final class ModelDirChecksums {
  public static final String FILE = "checksums.sha256";

  private ModelDirChecksums() {}

  /** A file of a model directory that is missing or differs from its recorded sha256. */
  public static final class Damaged extends RuntimeException {
    private final String dir;
    private final String file;

    /** {@code message} names the directory, the file and what is wrong with it. */
    public Damaged(String dir, String file, String message) {
      super(message);
      this.dir = dir;
      this.file = file;
    }

    /** The model directory or checkpoint, as given to {@link #verify}. */
    public String dir() {
      return dir;
    }

    /** The damaged file, relative to {@link #dir()}. */
    public String file() {
      return file;
    }

    /** The message alone: it already says what happened, and it is what the user reads. */
    @Override
    public String toString() {
      return getMessage();
    }
  }

  /** True when {@code dir} holds a checksum file. {@code hadoop} may be null for local paths. */
  public static boolean present(String dir, Configuration hadoop) {
    return new ModelDirFiles(dir, hadoop == null ? null : new HadoopFiles(hadoop)).exists(FILE);
  }

  /** {@link #verify(String, Configuration)} through an existing {@link HadoopFiles}. */
  public static void verify(String dir, HadoopFiles files) {
    verify(new ModelDirFiles(dir, files), dir);
  }

  /**
   * Checks every file listed in {@code dir/checksums.sha256} against its recorded sha256; does
   * nothing when the directory has no checksum file.
   *
   * @param hadoop Hadoop settings for non-local directories; may be null for local paths
   * @throws Damaged naming the directory, the file and both hashes (or why the file could not be read)
   */
  public static void verify(String dir, Configuration hadoop) {
    verify(new ModelDirFiles(dir, hadoop == null ? null : new HadoopFiles(hadoop)), dir);
  }

  private static void verify(ModelDirFiles r, String dir) {
    if (!r.exists(FILE)) {
      return;
    }
    String[] lines;
    try (InputStream in = r.open(FILE)) {
      lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
    } catch (IOException e) {
      throw new Damaged(dir, FILE, "Damaged model directory " + dir + ": " + FILE + " cannot be read (" + e.getMessage() + ")");
    }
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" [ *]", 2);
      if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
        throw new Damaged(dir, FILE, "Damaged model directory " + dir + ": line " + (i + 1) + " of " + FILE
            + " is not '<sha256>  <file>': " + line);
      }
      String expected = parts[0];
      String file = parts[1];
      if (!r.exists(file)) {
        throw new Damaged(dir, file, "Damaged model directory " + dir + ": " + file + " is missing (" + FILE + " records sha256 " + expected + ")");
      }
      String actual;
      try {
        actual = sha256(r.open(file));
      } catch (IOException | UncheckedIOException e) {
        throw new Damaged(dir, file, "Damaged model directory " + dir + ": " + file + " cannot be read (" + e.getMessage()
            + "; " + FILE + " records sha256 " + expected + ")");
      }
      if (!actual.equals(expected)) {
        throw new Damaged(dir, file, "Damaged model directory " + dir + ": " + file + " has sha256 " + actual + " but " + FILE
            + " records " + expected);
      }
    }
  }

  /** One checksum line for a file ({@code sha256sum} format). */
  public static String line(String sha256, String relativePath) {
    return sha256 + "  " + relativePath + "\n";
  }

  /** Hex sha256 of a stream (closed). */
  public static String sha256(InputStream in) {
    try (DigestInputStream d = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
      d.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(d.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package sparktune.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sparktune.spark.HadoopFiles;

/**
 * Checkpoint directories {@code <dir>/step-N/} published atomically on any Hadoop file system. A
 * checkpoint is written into {@code <dir>/.tmp-step-N-<uuid>/}, then {@code CHECKSUMS.sha256}
 * (one {@code sha256 bytes name} line per file) is written last, then the directory is renamed to
 * {@code step-N}. A reader takes the newest {@code step-N} whose checksum file lists every file with
 * matching size and digest, so a half-written or damaged newer checkpoint is never picked.
 */
public final class CheckpointStore {
  public static final String CHECKSUMS = "CHECKSUMS.sha256";
  private static final Pattern STEP = Pattern.compile("step-(\\d+)");

  private final HadoopFiles files;
  private final String dir;

  /** @param dir the checkpoints directory, e.g. {@code runs/<run>/checkpoints} */
  public CheckpointStore(HadoopFiles files, String dir) {
    this.files = files;
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  /** Writes the files of a checkpoint into the (empty, existing) temporary directory it is given. */
  @FunctionalInterface
  public interface Writer {
    void write(String tmpDir) throws IOException;
  }

  /** Publishes checkpoint {@code step-<step>} and returns its final path. Replaces an older one of that name. */
  public String publish(long step, Writer writer) throws IOException {
    String name = "step-" + step;
    String tmp = dir + "/.tmp-" + name + "-" + UUID.randomUUID();
    files.fs(tmp).mkdirs(new org.apache.hadoop.fs.Path(tmp));
    try {
      writer.write(tmp);
      StringBuilder sums = new StringBuilder();
      for (String f : sortedNames(tmp)) {
        Digest d = digest(tmp + "/" + f);
        sums.append(d.sha256).append(' ').append(d.bytes).append(' ').append(f).append('\n');
      }
      files.writeString(tmp + "/" + CHECKSUMS, sums.toString());
      String target = dir + "/" + name;
      if (files.exists(target)) {
        String trash = dir + "/.old-" + name + "-" + UUID.randomUUID();
        files.rename(target, trash);
        files.rename(tmp, target);
        files.delete(trash);
      } else {
        files.rename(tmp, target);
      }
      return target;
    } catch (IOException | RuntimeException e) {
      files.delete(tmp);
      throw e;
    }
  }

  /** Steps of the {@code step-N} directories present (complete or not), newest first. */
  public List<Long> steps() {
    List<Long> steps = new ArrayList<>();
    for (String p : files.list(dir)) {
      Matcher m = STEP.matcher(p.substring(p.lastIndexOf('/') + 1));
      if (m.matches()) {
        steps.add(Long.parseLong(m.group(1)));
      }
    }
    steps.sort(Comparator.reverseOrder());
    return steps;
  }

  /** Path of checkpoint {@code step-<step>}. */
  public String path(long step) {
    return dir + "/step-" + step;
  }

  /** The newest complete checkpoint's path, if any; incomplete or damaged ones are skipped. */
  public Optional<String> latestComplete() {
    for (long step : steps()) {
      if (problem(path(step)).isEmpty()) {
        return Optional.of(path(step));
      }
    }
    return Optional.empty();
  }

  /** Why a checkpoint directory is not complete, or empty when every listed file verifies. */
  public Optional<String> problem(String checkpoint) {
    String sumsPath = checkpoint + "/" + CHECKSUMS;
    if (!files.exists(sumsPath)) {
      return Optional.of("no " + CHECKSUMS);
    }
    List<String> present = sortedNames(checkpoint);
    for (String line : files.readString(sumsPath).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" ", 3);
      if (parts.length != 3) {
        return Optional.of("malformed line in " + CHECKSUMS + ": " + line);
      }
      if (!present.contains(parts[2])) {
        return Optional.of("missing file " + parts[2]);
      }
      Digest d;
      try {
        d = digest(checkpoint + "/" + parts[2]);
      } catch (UncheckedIOException e) {
        return Optional.of("file " + parts[2] + " cannot be read: " + e.getCause().getMessage());
      }
      if (d.bytes != Long.parseLong(parts[1]) || !d.sha256.equals(parts[0])) {
        return Optional.of("file " + parts[2] + " does not match its checksum");
      }
    }
    return Optional.empty();
  }

  /** Deletes all but the newest {@code keep} complete checkpoints (0 keeps all) and stale temporaries. */
  public void retain(int keep) {
    for (String p : files.list(dir)) {
      String name = p.substring(p.lastIndexOf('/') + 1);
      if (name.startsWith(".old-")) {
        files.delete(p);
      }
    }
    if (keep <= 0) {
      return;
    }
    int kept = 0;
    for (long step : steps()) {
      if (kept < keep && problem(path(step)).isEmpty()) {
        kept++;
      } else if (kept >= keep) {
        files.delete(path(step));
      }
    }
  }

  private List<String> sortedNames(String directory) {
    List<String> names = new ArrayList<>();
    for (String p : files.list(directory)) {
      String name = p.substring(p.lastIndexOf('/') + 1);
      if (!name.equals(CHECKSUMS) && !name.startsWith(".") && !name.startsWith("_")) {
        names.add(name);
      }
    }
    names.sort(null);
    return names;
  }

  private record Digest(String sha256, long bytes) {}

  private Digest digest(String path) {
    try (InputStream in = files.open(path)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
        total += n;
      }
      return new Digest(HexFormat.of().formatHex(md.digest()), total);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package sparktune.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sparktune.spark.HadoopFiles;

/**
 * The checkpoints of one run under {@code runs/<run>/checkpoints/} on any Hadoop file system. A
 * checkpoint is written to {@code .tmp-step-N/}, closed with {@code checksums.sha256} (sha256 and
 * relative path of every file) and only then renamed to {@code step-N/}; a directory without a
 * valid checksum file is never picked for resume.
 */
public final class Checkpoints {
  public static final String CHECKSUMS = "checksums.sha256";
  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");

  private final HadoopFiles files;
  private final String dir;

  public Checkpoints(HadoopFiles files, String dir) {
    this.files = files;
    this.dir = dir;
  }

  public String dir() {
    return dir;
  }

  /** Publishes the local directory {@code local} as step-N; replaces an existing step-N. */
  public String publish(long step, Path local) throws IOException {
    String tmp = dir + "/.tmp-step-" + step;
    String target = dir + "/step-" + step;
    files.delete(tmp);
    StringBuilder sums = new StringBuilder();
    for (Path file : listFiles(local)) {
      String rel = local.relativize(file).toString().replace('\\', '/');
      sums.append(sha256(Files.newInputStream(file))).append("  ").append(rel).append('\n');
      try (var out = files.create(tmp + "/" + rel)) {
        Files.copy(file, out);
      }
    }
    files.writeString(tmp + "/" + CHECKSUMS, sums.toString());
    files.delete(target);
    files.rename(tmp, target);
    return target;
  }

  /** Completed checkpoints (step-N with a checksum file), oldest first. */
  public List<Long> steps() {
    List<Long> steps = new ArrayList<>();
    for (String child : files.list(dir)) {
      Matcher m = STEP_DIR.matcher(child.substring(child.lastIndexOf('/') + 1));
      if (m.matches() && files.exists(child + "/" + CHECKSUMS)) {
        steps.add(Long.parseLong(m.group(1)));
      }
    }
    steps.sort(Comparator.naturalOrder());
    return steps;
  }

  public String path(long step) {
    return dir + "/step-" + step;
  }

  /** The newest checkpoint whose files all match their checksums. */
  public Optional<Long> latestValid() {
    List<Long> steps = steps();
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (verify(path(steps.get(i)))) {
        return Optional.of(steps.get(i));
      }
    }
    return Optional.empty();
  }

  /** True when every file listed in the checkpoint's checksum file is present and matches. */
  public boolean verify(String checkpoint) {
    try {
      for (String line : files.readString(checkpoint + "/" + CHECKSUMS).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.split("  ", 2);
        String path = checkpoint + "/" + parts[1];
        if (!files.exists(path) || !sha256(files.open(path)).equals(parts[0])) {
          return false;
        }
      }
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Deletes all but the newest {@code keep} checkpoints (0 keeps all). */
  public void prune(int keep) {
    prune(keep, -1);
  }

  /** Deletes all but the newest {@code keep} checkpoints (0 keeps all) and step {@code protect} (-1: none). */
  public void prune(int keep, long protect) {
    List<Long> steps = new ArrayList<>(steps());
    steps.remove(Long.valueOf(protect));
    for (int i = 0; keep > 0 && i < steps.size() - keep; i++) {
      files.delete(path(steps.get(i)));
    }
  }

  /** Copies a checkpoint (or any model directory) to a local directory. */
  public static void download(HadoopFiles files, String remote, Path local) throws IOException {
    for (String child : files.list(remote)) {
      String name = child.substring(child.lastIndexOf('/') + 1);
      if (files.fs(child).getFileStatus(new org.apache.hadoop.fs.Path(child)).isDirectory()) {
        download(files, child, local.resolve(name));
      } else {
        Files.createDirectories(local);
        try (InputStream in = files.open(child)) {
          Files.copy(in, local.resolve(name));
        }
      }
    }
  }

  static List<Path> listFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Hex sha256 of a stream (closed). */
  public static String sha256(InputStream in) {
    try (DigestInputStream d = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
      d.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(d.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

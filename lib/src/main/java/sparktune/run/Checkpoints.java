package sparktune.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sparktune.model.ModelDirChecksums;
import sparktune.spark.HadoopFiles;

/**
 * The checkpoints of one run under {@code runs/<run>/checkpoints/} on any Hadoop file system. A
 * checkpoint is written to {@code .tmp-step-N/}, closed with {@code checksums.sha256} (sha256 and
 * relative path of every file) and only then renamed to {@code step-N/}. Resume never skips a
 * damaged checkpoint in silence: it stops naming the damaged file, or, when asked to fall back, moves
 * the damaged checkpoint to {@code .damaged/} (where pruning never reaches) and says so.
 */
public final class Checkpoints {
  public static final String CHECKSUMS = ModelDirChecksums.FILE;
  /** Where damaged checkpoints are moved by a resume that falls back to an older one. */
  public static final String DAMAGED = ".damaged";
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
      sums.append(ModelDirChecksums.line(sha256(Files.newInputStream(file)), rel));
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
    return stepDirs(true);
  }

  /** Every step-N directory, with or without a checksum file, oldest first. */
  private List<Long> stepDirs(boolean withChecksums) {
    List<Long> steps = new ArrayList<>();
    for (String child : files.list(dir)) {
      Matcher m = STEP_DIR.matcher(child.substring(child.lastIndexOf('/') + 1));
      if (m.matches() && (!withChecksums || files.exists(child + "/" + CHECKSUMS))) {
        steps.add(Long.parseLong(m.group(1)));
      }
    }
    steps.sort(Comparator.naturalOrder());
    return steps;
  }

  public String path(long step) {
    return dir + "/step-" + step;
  }

  /**
   * The checkpoint a resume continues: the newest step-N, verified against its checksums. Empty
   * only when the run has no step-N directory at all.
   *
   * @param fromLastGood false: a damaged newest checkpoint stops the resume ({@link
   *     ModelDirChecksums.Damaged}); true: each damaged one is moved to {@code .damaged/} and
   *     reported on {@code console}, and the next older one is tried
   * @throws ModelDirChecksums.Damaged when the newest is damaged and {@code fromLastGood} is false
   * @throws IllegalStateException when every checkpoint is damaged
   */
  public Optional<Long> resumeStep(boolean fromLastGood, Consumer<String> console) {
    List<Long> steps = stepDirs(false);
    if (steps.isEmpty()) {
      return Optional.empty();
    }
    for (int i = steps.size() - 1; i >= 0; i--) {
      String p = path(steps.get(i));
      try {
        checkIntact(p);
        return Optional.of(steps.get(i));
      } catch (ModelDirChecksums.Damaged e) {
        if (!fromLastGood) {
          throw new ModelDirChecksums.Damaged(e.dir(), e.file(), e.getMessage() + ". Resume stopped; to resume from the newest intact"
              + " checkpoint instead, set train.resume-from-last-good = true (--resume-from-last-good): damaged checkpoints are then"
              + " moved to " + dir + "/" + DAMAGED + "/");
        }
        console.accept("train: " + e.getMessage() + "; moved " + p + " to " + quarantine(steps.get(i)));
      }
    }
    throw new IllegalStateException("No intact checkpoint under " + dir + ": all " + steps.size() + " were damaged and moved to "
        + dir + "/" + DAMAGED + "/; run without --resume to start the run over");
  }

  private void checkIntact(String checkpoint) {
    if (!files.exists(checkpoint + "/" + CHECKSUMS)) {
      throw new ModelDirChecksums.Damaged(checkpoint, CHECKSUMS, "Damaged checkpoint " + checkpoint + ": " + CHECKSUMS
          + " is missing (it is written last when a checkpoint is published)");
    }
    ModelDirChecksums.verify(checkpoint, files);
  }

  /** Moves step-N to {@code .damaged/step-N} (or {@code step-N.K} when that is taken); returns where. */
  private String quarantine(long step) {
    String aside = dir + "/" + DAMAGED;
    try {
      files.fs(aside).mkdirs(new org.apache.hadoop.fs.Path(aside));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + aside, e);
    }
    String target = aside + "/step-" + step;
    for (int k = 2; files.exists(target); k++) {
      target = aside + "/step-" + step + "." + k;
    }
    files.rename(path(step), target);
    return target;
  }

  /** True when the checkpoint has a checksum file and every file it lists is present and matches. */
  public boolean verify(String checkpoint) {
    try {
      checkIntact(checkpoint);
      return true;
    } catch (ModelDirChecksums.Damaged e) {
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

  /**
   * Copies a checkpoint (or any model directory) to a local directory, after verifying it against
   * its {@code checksums.sha256} when it has one.
   *
   * @throws ModelDirChecksums.Damaged naming {@code remote}, the file and both hashes
   */
  public static void download(HadoopFiles files, String remote, Path local) throws IOException {
    ModelDirChecksums.verify(remote, files);
    copyTree(files, remote, local);
  }

  private static void copyTree(HadoopFiles files, String remote, Path local) throws IOException {
    for (String child : files.list(remote)) {
      String name = child.substring(child.lastIndexOf('/') + 1);
      if (files.fs(child).getFileStatus(new org.apache.hadoop.fs.Path(child)).isDirectory()) {
        copyTree(files, child, local.resolve(name));
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
    return ModelDirChecksums.sha256(in);
  }
}

package sparktune.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import sparktune.run.BestCheckpoint;
import sparktune.run.RunFolder;
import sparktune.spark.HadoopFiles;

/**
 * One model to evaluate.
 *
 * @param model the model directory as configured (a run directory for checkpoints)
 * @param checkpoint {@code step-N}, or {@code base} for a plain model directory
 * @param dir the Hugging Face directory to load
 * @param step the checkpoint's step (-1 for base)
 */
public record EvalTarget(String model, String checkpoint, String dir, long step) implements Serializable {
  /** Checkpoint label of a plain model directory. */
  public static final String BASE = "base";

  /**
   * The targets of one {@code eval.models} entry: the directory itself when it holds config.json,
   * else its {@code checkpoints/step-N} picked by {@code spec} (all, last, best, or step numbers).
   */
  public static List<EvalTarget> of(String entry, String spec, HadoopFiles files, String key) {
    String dir = strip(entry);
    if (files.exists(dir + "/config.json")) {
      return List.of(new EvalTarget(dir, BASE, dir, -1));
    }
    TreeMap<Long, String> steps = checkpoints(dir, files);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("Invalid " + key + ": " + entry
          + " (expected a model directory with config.json or a run directory with checkpoints/step-N; found neither)");
    }
    List<EvalTarget> out = new ArrayList<>();
    if (spec.equals("last")) {
      out.add(target(dir, steps.lastEntry().getKey(), steps.lastEntry().getValue()));
    } else if (spec.equals("best")) {
      long step = BestCheckpoint.read(files, RunFolder.checkpoints(dir)).step();
      if (step < 0) {
        throw new IllegalArgumentException("Invalid eval.checkpoints: best (" + dir + "/checkpoints/" + BestCheckpoint.FILE
            + " not found; it is written by a run with train.keep-best = true)");
      }
      String path = steps.get(step);
      if (path == null) {
        throw new IllegalArgumentException("Invalid eval.checkpoints: best (" + dir + "/checkpoints/best.json names step-" + step
            + ", which is not a complete checkpoint; found steps " + steps.keySet() + ")");
      }
      out.add(target(dir, step, path));
    } else if (spec.equals("all")) {
      steps.forEach((step, path) -> out.add(target(dir, step, path)));
    } else {
      for (String s : spec.split("\\s*,\\s*")) {
        long step = Long.parseLong(s);
        String path = steps.get(step);
        if (path == null) {
          throw new IllegalArgumentException("Invalid eval.checkpoints: " + spec + " (no checkpoint step-" + step + " in "
              + dir + "/checkpoints; found steps " + steps.keySet() + ")");
        }
        out.add(target(dir, step, path));
      }
    }
    return out;
  }

  /** Complete checkpoints (config.json and model.safetensors present) by step. */
  public static TreeMap<Long, String> checkpoints(String runDir, HadoopFiles files) {
    TreeMap<Long, String> out = new TreeMap<>();
    for (String child : files.list(RunFolder.checkpoints(runDir))) {
      String name = child.substring(child.lastIndexOf('/') + 1);
      String path = runDir + "/checkpoints/" + name; // as configured (list() gives file: URIs)
      if (name.matches("step-\\d+") && files.exists(path + "/config.json") && files.exists(path + "/model.safetensors")) {
        out.put(Long.parseLong(name.substring(5)), path);
      }
    }
    return out;
  }

  private static EvalTarget target(String runDir, long step, String path) {
    return new EvalTarget(runDir, "step-" + step, path, step);
  }

  private static String strip(String dir) {
    return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }
}

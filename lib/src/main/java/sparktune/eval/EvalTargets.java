package sparktune.eval;

import java.util.ArrayList;
import java.util.List;
import sparktune.config.EvalConfig;
import sparktune.run.RunFolder;
import sparktune.spark.HadoopFiles;

/**
 * What an evaluation covers: every model x checkpoint, and the pair compared before and after
 * fine-tuning.
 *
 * @param all targets in evaluation order
 * @param before the model before fine-tuning (null when there is none)
 * @param after the fine-tuned model (null when there is none)
 */
public record EvalTargets(List<EvalTarget> all, EvalTarget before, EvalTarget after) {

  /**
   * With {@code eval.models} set: each entry's targets; before = the first plain model directory,
   * after = the last target that is not it. Otherwise: the checkpoints of the run directory, with
   * {@code model.init} first (as before) when it is a model directory; after = the newest
   * checkpoint.
   */
  public static EvalTargets resolve(EvalConfig eval, String runDir, String modelInit, HadoopFiles files) {
    List<EvalTarget> all = new ArrayList<>();
    if (!eval.models().isEmpty()) {
      for (int i = 0; i < eval.models().size(); i++) {
        all.addAll(EvalTarget.of(eval.models().get(i), eval.checkpoints(), files, "eval.models[" + i + "]"));
      }
    } else {
      if (!modelInit.equals("scratch") && files.exists(modelInit + "/config.json")) {
        all.add(new EvalTarget(strip(modelInit), EvalTarget.BASE, strip(modelInit), -1));
      }
      if (EvalTarget.checkpoints(runDir, files).isEmpty()) {
        throw new IllegalArgumentException("No checkpoints to evaluate in " + RunFolder.checkpoints(runDir)
            + " (run sparktune train first, or list model directories in eval.models)");
      }
      all.addAll(EvalTarget.of(runDir, eval.checkpoints(), files, "train.run"));
    }
    EvalTarget before = all.stream().filter(t -> t.checkpoint().equals(EvalTarget.BASE)).findFirst().orElse(null);
    EvalTarget after = null;
    for (EvalTarget t : all) {
      if (t != before) {
        after = t;
      }
    }
    return new EvalTargets(List.copyOf(all), after == null ? null : before, before == null ? null : after);
  }

  private static String strip(String dir) {
    return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }
}

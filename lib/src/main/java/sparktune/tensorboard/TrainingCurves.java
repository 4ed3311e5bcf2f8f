package sparktune.tensorboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.spark.HadoopFiles;

/**
 * A run's metrics rows as TensorBoard scalars in {@code runs/<run>/}: {@code train/loss},
 * {@code train/lr}, {@code train/grad_norm}, {@code train/tokens_per_s}, {@code eval/loss} and
 * {@code eval/perplexity}, at the row's {@code step}. Each process writes its own event file: a
 * fresh run first deletes the run's earlier event files; a resumed run keeps them and starts its
 * file with a restart at the first step after the checkpoint, so the curves continue where the
 * checkpoint left them.
 */
public final class TrainingCurves {
  /** metrics.jsonl key and its TensorBoard tag. */
  private static final List<String[]> TAGS = List.of(
      new String[] {"loss", "train/loss"},
      new String[] {"lr", "train/lr"},
      new String[] {"grad_norm", "train/grad_norm"},
      new String[] {"tokens_per_s", "train/tokens_per_s"},
      new String[] {"eval_loss", "eval/loss"},
      new String[] {"eval_ppl", "eval/perplexity"});

  private final HadoopFiles files;
  private final String dir;
  private final List<byte[]> pending = new ArrayList<>();
  private Long resumedAfter;
  private EventFile file;

  public TrainingCurves(HadoopFiles files, String dir) {
    this.files = files;
    this.dir = dir;
  }

  /** This process continues a run whose checkpoint is at {@code step}. */
  public void resumeAfter(long step) {
    resumedAfter = step;
  }

  /** Adds a metrics row's scalars, stamped with the current time; rows without a step or any known key add nothing. */
  public void add(Map<String, ?> row) {
    Map<String, Double> values = scalars(row);
    if (row.get("step") instanceof Number step && !values.isEmpty()) {
      pending.add(EventProto.scalars(now(), step.longValue(), values));
    }
  }

  /** Writes this process's event file with every event so far. */
  public void flush() {
    if (file == null) {
      if (resumedAfter == null) {
        EventFile.deleteAll(files, dir);
      }
      file = EventFile.create(files, dir, now());
      if (resumedAfter != null) {
        file.append(EventProto.sessionStart(now(), resumedAfter + 1));
      }
    }
    pending.forEach(file::append);
    pending.clear();
    file.flush();
  }

  /** The row's values under their tags, in TAGS order; eval/perplexity is exp(eval_loss) where the row has no eval_ppl. */
  static Map<String, Double> scalars(Map<String, ?> row) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String[] t : TAGS) {
      if (row.get(t[0]) instanceof Number n) {
        out.put(t[1], n.doubleValue());
      }
    }
    if (!out.containsKey("eval/perplexity") && out.containsKey("eval/loss")) {
      out.put("eval/perplexity", Math.exp(out.get("eval/loss")));
    }
    return out;
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}

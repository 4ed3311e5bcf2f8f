package sparktune.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import sparktune.spark.HadoopFiles;

/**
 * The checkpoint with the lowest eval loss so far ({@code train.keep-best}), recorded in
 * {@code checkpoints/best.json} as {@code {"step": N, "eval_loss": x, "checkpoint": "step-N"}}.
 *
 * @param step the best checkpoint's step (-1: none yet)
 * @param evalLoss its mean held-out loss per token (+infinity: none yet)
 */
public record BestCheckpoint(long step, double evalLoss) {
  public static final String FILE = "best.json";

  /** The record in the run's checkpoints, or none when there is no best.json (a new run). */
  public static BestCheckpoint read(HadoopFiles files, Checkpoints checkpoints) {
    return read(files, checkpoints.dir());
  }

  /** The record in {@code checkpointsDir} (a run's checkpoints/), or none when it has no best.json. */
  public static BestCheckpoint read(HadoopFiles files, String checkpointsDir) {
    String path = checkpointsDir + "/" + FILE;
    if (!files.exists(path)) {
      return new BestCheckpoint(-1, Double.POSITIVE_INFINITY);
    }
    try {
      JsonNode n = new ObjectMapper().readTree(files.readString(path));
      return new BestCheckpoint(n.get("step").asLong(), n.get("eval_loss").asDouble());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse " + path, e);
    }
  }

  public boolean improvedBy(double loss) {
    return Double.isFinite(loss) && loss < evalLoss;
  }

  public BestCheckpoint record(long newStep, double loss) {
    return new BestCheckpoint(newStep, loss);
  }

  /** Writes best.json next to the step-N directories. */
  public void write(HadoopFiles files, Checkpoints checkpoints) {
    files.writeString(checkpoints.dir() + "/" + FILE,
        String.format(Locale.ROOT, "{\"step\": %d, \"eval_loss\": %s, \"checkpoint\": \"step-%d\"}%n", step, Double.toString(evalLoss), step));
  }
}

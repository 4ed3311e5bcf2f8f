package sparktune.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.spark.HadoopFiles;
import sparktune.tensorboard.TrainingCurves;

/**
 * {@code runs/<run>/metrics.jsonl}: one JSON object per logged step ({@code step, epoch, loss, lr,
 * grad_norm, tokens_per_s, elapsed_s}) and per evaluation ({@code step, eval_loss, eval_ppl}).
 * The whole file is rewritten on {@link #flush()} (a single PUT on object stores), and the rows
 * added since are appended to the TensorBoard event file beside it ({@link TrainingCurves}).
 */
public final class MetricsLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HadoopFiles files;
  private final String path;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final TrainingCurves curves;

  /** @param files null for rows that are only read back ({@link #series}), never written */
  public MetricsLog(HadoopFiles files, String path) {
    this.files = files;
    this.path = path;
    this.curves = files == null ? null : new TrainingCurves(files, path.substring(0, path.lastIndexOf('/')));
  }

  /** Keeps the rows of an earlier run up to and including {@code step} (resume). */
  public void loadUpTo(long step) {
    curves.resumeAfter(step);
    if (!files.exists(path)) {
      return;
    }
    for (String line : files.readString(path).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node.get("step").asLong() <= step) {
          rows.add(JSON.convertValue(node, LinkedHashMap.class));
        }
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("Bad line in " + path + ": " + line, e);
      }
    }
  }

  public void add(Map<String, Object> row) {
    rows.add(new LinkedHashMap<>(row));
    if (curves != null) {
      curves.add(row);
    }
  }

  public List<Map<String, Object>> rows() {
    return rows;
  }

  /** (step, value) pairs of the rows that have {@code key}. */
  public double[][] series(String key) {
    List<double[]> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      if (r.get(key) instanceof Number n && Double.isFinite(n.doubleValue())) {
        out.add(new double[] {((Number) r.get("step")).doubleValue(), n.doubleValue()});
      }
    }
    return out.toArray(new double[0][]);
  }

  public void flush() {
    StringBuilder b = new StringBuilder();
    try {
      for (Map<String, Object> r : rows) {
        b.append(JSON.writeValueAsString(r)).append('\n');
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    files.writeString(path, b.toString());
    curves.flush();
  }
}

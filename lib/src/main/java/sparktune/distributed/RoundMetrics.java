package sparktune.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import sparktune.spark.HadoopFiles;

/**
 * {@code runs/<run>/metrics.jsonl} of a distributed run: one JSON object per round
 * ({@code round, step, loss, lr, tokens, tokens_per_second, round_seconds, coordination_seconds,
 * attempts, warm_workers, fresh_inner_optimizers}, plus {@code eval_loss} when evaluated). The
 * file is rewritten whole after every round, so it never ends in half a line.
 */
public final class RoundMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HadoopFiles files;
  private final String path;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  public RoundMetrics(Configuration conf, String path) {
    this.files = new HadoopFiles(conf);
    this.path = path;
  }

  /** Loads the rows of rounds before {@code round} (what a resumed run keeps) and drops the rest. */
  public void keepUpTo(int round) {
    rows.clear();
    if (round > 0 && files.exists(path)) {
      for (String line : files.readString(path).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          Map<String, Object> row = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {});
          if (row.get("round") instanceof Number n && n.intValue() < round) {
            rows.add(row);
          }
        } catch (JsonProcessingException e) {
          // a damaged line from an interrupted run is dropped with the rounds after the checkpoint
        }
      }
    }
    flush();
  }

  public void add(Map<String, Object> row) {
    rows.add(row);
    flush();
  }

  public List<Map<String, Object>> rows() {
    return rows;
  }

  /** (step, value) points of a key, in order, skipping rows without it. */
  public double[][] series(String key) {
    return rows.stream().filter(r -> r.get(key) instanceof Number)
        .map(r -> new double[] {((Number) r.get("step")).doubleValue(), ((Number) r.get(key)).doubleValue()})
        .toArray(double[][]::new);
  }

  private void flush() {
    StringBuilder b = new StringBuilder();
    for (Map<String, Object> r : rows) {
      try {
        b.append(JSON.writeValueAsString(r)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    files.writeString(path, b.toString());
  }
}

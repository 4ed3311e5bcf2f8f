package sparktune.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a training run's metrics.jsonl (one JSON object per line: train rows and eval rows). */
public final class MetricsRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricsRows() {}

  /** Every row of {@code metricsJsonl}, in file order. */
  public static List<JsonNode> read(Path metricsJsonl) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(metricsJsonl)) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  /** The value of {@code key} in file order, from the rows that have it (e.g. "loss", "eval_loss"). */
  public static List<Double> values(Path metricsJsonl, String key) throws IOException {
    return read(metricsJsonl).stream().filter(n -> n.has(key)).map(n -> n.get(key).asDouble()).toList();
  }
}

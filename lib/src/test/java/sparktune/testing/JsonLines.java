package sparktune.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON-lines files such as a run's metrics.jsonl (train and eval rows) or generations.jsonl. */
public final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** Every row of the file, in file order. */
  public static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  /** The value of {@code key} in file order, from the rows that have it (e.g. "loss", "eval_loss"). */
  public static List<Double> values(Path file, String key) throws IOException {
    return read(file).stream().filter(n -> n.has(key)).map(n -> n.get(key).asDouble()).toList();
  }
}

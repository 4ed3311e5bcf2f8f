package sparktune.prep;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import sparktune.spark.HadoopFiles;

/**
 * A stage's note of what it last consumed (input table version, settings), a small JSON file in a
 * {@code _}-prefixed place of its output folder, so an unchanged input is recognized without
 * reading it. A missing or unreadable note means "unknown": the stage then does its full work.
 */
public final class StageState {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StageState() {}

  /** The note at {@code path}, or an empty map. */
  public static Map<String, Object> read(HadoopFiles files, String path) {
    try {
      return files.exists(path) ? JSON.readValue(files.readString(path), new TypeReference<Map<String, Object>>() {}) : Map.of();
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }

  public static void write(HadoopFiles files, String path, Map<String, Object> state) {
    try {
      files.writeString(path, JSON.writeValueAsString(state));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }

  /** Whether {@code state} holds {@code value} under {@code key} (numbers compared as longs). */
  public static boolean holds(Map<String, Object> state, String key, Object value) {
    Object v = state.get(key);
    if (v instanceof Number n && value instanceof Number m) {
      return n.longValue() == m.longValue();
    }
    return v != null && v.equals(value);
  }
}

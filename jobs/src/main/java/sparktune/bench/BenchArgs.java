package sparktune.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code sparktune bench <what>} was given.
 *
 * @param conf the {@code --conf} file, or null
 * @param sets {@code --set} overrides, in order
 * @param options the bench's own {@code --name value} options (flags map to "true")
 */
public record BenchArgs(Path conf, List<String> sets, Map<String, String> options) {
  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }
}

package sparktune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the configuration reference (docs/configuration.md) from the comments and defaults in
 * {@code sparktune.conf}, so the documentation cannot drift from the keys the code reads.
 * {@code main(path)} writes it; a test checks the committed file is current.
 */
public final class ConfigDocs {
  private ConfigDocs() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args.length > 0 ? args[0] : "docs/configuration.md"), render());
  }

  public static String render() {
    Config defaults = ConfigLoader.defaults();
    StringBuilder b = new StringBuilder();
    b.append("# Configuration reference\n\n");
    b.append("Generated from `conf/sparktune.conf` (the defaults shipped in the jar). Precedence, highest first:\n");
    b.append("`--set key=value`, then `--conf FILE`, then these defaults. Unknown keys are errors.\n");
    List<String> sections = new ArrayList<>();
    sections.add("sparktune");
    sections.addAll(ConfigLoader.SECTIONS);
    for (String section : sections) {
      ConfigValue sectionValue = defaults.root().get(section);
      b.append("\n## `").append(section).append("`\n\n");
      String intro = comment(sectionValue);
      if (!intro.isEmpty()) {
        b.append(intro).append("\n\n");
      }
      b.append("| key | default | meaning |\n|---|---|---|\n");
      Map<String, ConfigValue> leaves = new TreeMap<>();
      collect(defaults.getConfig(section).root(), section, leaves);
      for (String key : order(defaults, section, leaves)) {
        ConfigValue v = leaves.get(key);
        b.append("| `").append(key).append("` | `").append(render(v)).append("` | ").append(comment(v).replace("\n", " ")).append(" |\n");
      }
    }
    return b.toString();
  }

  /** Keys in file order (HOCON objects are unordered, origins keep line numbers). */
  private static List<String> order(Config defaults, String section, Map<String, ConfigValue> leaves) {
    List<String> keys = new ArrayList<>(leaves.keySet());
    keys.sort((a, c) -> Integer.compare(leaves.get(a).origin().lineNumber(), leaves.get(c).origin().lineNumber()));
    return keys;
  }

  private static void collect(com.typesafe.config.ConfigObject obj, String prefix, Map<String, ConfigValue> out) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      String key = prefix + "." + e.getKey();
      ConfigValue v = e.getValue();
      // Objects with members are sections; an empty object (e.g. spark.conf) is a value.
      if (v.valueType() == ConfigValueType.OBJECT && !((com.typesafe.config.ConfigObject) v).isEmpty()) {
        collect((com.typesafe.config.ConfigObject) v, key, out);
      } else {
        out.put(key, v);
      }
    }
  }

  private static String render(ConfigValue v) {
    String s = v.render(ConfigRenderOptions.concise());
    return s.length() > 80 ? s.substring(0, 77) + "..." : s.replace("|", "\\|");
  }

  private static String comment(ConfigValue v) {
    return String.join(" ", v.origin().comments().stream().map(String::trim).toList()).replace("|", "\\|").trim();
  }
}

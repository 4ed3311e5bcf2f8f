package sparktune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration. Precedence, highest first: {@code --set key=value} overrides, the
 * {@code --conf} file, then the defaults in {@code sparktune.conf} (shipped in the jar from
 * {@code conf/sparktune.conf}). Every key given by the user must exist in the defaults.
 */
public final class ConfigLoader {
  /** Top-level sections besides {@code sparktune}. */
  public static final List<String> SECTIONS = List.of("ingest", "clean", "split", "tokenize", "model", "train", "eval", "samples", "demo");

  /** Keys below these paths are free-form or checked by their own record. */
  private static final List<String> OPEN_PATHS = List.of("sparktune.spark.conf", "sparktune.sources", "eval.decoding");

  private ConfigLoader() {}

  /** The defaults alone. */
  public static Config defaults() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "sparktune.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /** An embedded config shipped in the jar, e.g. {@code local.conf}. */
  public static Config resource(String name) {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), name,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * @param confFile the user's file, or null
   * @param sets {@code key=value} overrides in command-line order (a later one wins)
   */
  public static SparktuneConfig load(Path confFile, List<String> sets) {
    Config user = ConfigFactory.empty();
    if (confFile != null) {
      if (!Files.isRegularFile(confFile)) {
        throw new ConfigError("Config file not found: " + confFile);
      }
      try {
        user = ConfigFactory.parseFile(confFile.toFile());
      } catch (ConfigException.Parse e) {
        throw new ConfigError("Cannot parse config file " + confFile + ": " + e.getMessage());
      }
    }
    return load(user, sets);
  }

  /** Same, with the user's layer already parsed (e.g. an embedded config). */
  public static SparktuneConfig load(Config userFile, List<String> sets) {
    Config overrides = ConfigFactory.empty();
    for (String set : sets) {
      overrides = parseSet(set).withFallback(overrides);
    }
    Config user = overrides.withFallback(userFile);
    checkKnownKeys(user, defaults());
    Config resolved;
    try {
      resolved = user.withFallback(defaults()).resolve();
    } catch (ConfigException e) {
      throw new ConfigError("Cannot resolve config: " + e.getMessage());
    }
    return SparktuneConfig.from(resolved);
  }

  /** Parses one {@code key=value}; the value is HOCON if it parses as such, else a plain string. */
  static Config parseSet(String set) {
    int eq = set.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError("Invalid --set " + set + " (expected key=value, e.g. --set train.workers=2)");
    }
    String key = set.substring(0, eq).trim();
    String value = set.substring(eq + 1).trim();
    try {
      ConfigValue parsed = ConfigFactory.parseString("v = " + value).getValue("v");
      return ConfigFactory.empty().withValue(key, parsed);
    } catch (ConfigException e) {
      return ConfigFactory.empty().withValue(key, com.typesafe.config.ConfigValueFactory.fromAnyRef(value));
    }
  }

  private static void checkKnownKeys(Config user, Config defaults) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (OPEN_PATHS.stream().anyMatch(p -> key.equals(p) || key.startsWith(p + "."))) {
        continue;
      }
      if (!defaults.hasPathOrNull(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      unknown.sort(null);
      throw new ConfigError("Unknown config key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
          + " (every key is listed with its default in conf/sparktune.conf)");
    }
  }
}

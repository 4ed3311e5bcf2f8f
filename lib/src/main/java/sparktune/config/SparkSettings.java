package sparktune.config;

import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code sparktune.spark}: where and how Spark runs.
 *
 * @param master Spark master URL; default {@code local[*]}
 * @param appName application name shown in the Spark UI; default {@code sparktune}
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}; default 8
 * @param ship how a non-local master's executors get sparktune's classes: {@code jar} or {@code classpath}
 * @param conf Spark properties passed through unchanged
 */
public record SparkSettings(String master, String appName, int shufflePartitions, String ship, Map<String, String> conf) {
  public static final String MASTER_DEFAULT = "local[*]";

  public SparkSettings {
    if (master == null || master.isBlank()) {
      throw ConfigError.invalid("sparktune.spark.master", "\"" + master + "\"", "must be local[*], local[N], spark://host:port, k8s://... or yarn");
    }
    conf = Map.copyOf(conf);
  }

  /** True when Spark runs inside this JVM. */
  public boolean isLocal() {
    return master.startsWith("local");
  }

  static SparkSettings from(Settings s) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : s.raw().getConfig("conf").entrySet()) {
      // Spark keys contain dots, which HOCON reads as paths unless quoted: both spellings work.
      conf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return new SparkSettings(
        s.string("master"),
        s.string("app-name"),
        s.intIn("shuffle-partitions", 1, 100_000),
        s.oneOf("ship", Set.of("jar", "classpath")),
        conf);
  }
}

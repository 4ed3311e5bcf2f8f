package sparktune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole resolved configuration, one typed record per section. Built by {@link ConfigLoader};
 * every section is validated when this is constructed, so a job that holds one can trust it.
 */
public record SparktuneConfig(
    String warehouse,
    SparkSettings spark,
    List<SourceConfig> sources,
    IngestConfig ingest,
    CleanConfig clean,
    SplitConfig split,
    TokenizeConfig tokenize,
    ModelConfig model,
    TrainConfig train,
    EvalConfig eval,
    SamplesConfig samples,
    DemoConfig demo,
    Config resolved) implements Serializable {

  private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|credential|access\\.key|session\\.token).*");

  public SparktuneConfig {
    if (warehouse == null || warehouse.isBlank()) {
      throw ConfigError.invalid("sparktune.warehouse", "\"\"", "must be a local path or s3a://bucket/prefix");
    }
    sources = List.copyOf(sources);
    long distinct = sources.stream().map(SourceConfig::name).distinct().count();
    if (distinct != sources.size()) {
      throw ConfigError.invalid("sparktune.sources", sources.stream().map(SourceConfig::name).toList(), "source names must be unique");
    }
  }

  /** Builds every section from a resolved config (defaults already merged in). */
  public static SparktuneConfig from(Config c) {
    List<? extends Config> sourceList = c.getConfigList("sparktune.sources");
    List<SourceConfig> sources = new java.util.ArrayList<>();
    for (int i = 0; i < sourceList.size(); i++) {
      sources.add(SourceConfig.from(sourceList.get(i), i));
    }
    return new SparktuneConfig(
        new Settings(c, "").string("sparktune.warehouse"),
        SparkSettings.from(section(c, "sparktune.spark")),
        sources,
        IngestConfig.from(section(c, "ingest")),
        CleanConfig.from(section(c, "clean")),
        SplitConfig.from(section(c, "split")),
        TokenizeConfig.from(section(c, "tokenize")),
        ModelConfig.from(section(c, "model")),
        TrainConfig.from(section(c, "train")),
        EvalConfig.from(section(c, "eval")),
        SamplesConfig.from(section(c, "samples")),
        DemoConfig.from(section(c, "demo")),
        c);
  }

  /** A copy with one key replaced (same validation as loading). */
  public SparktuneConfig with(String key, Object value) {
    return from(resolved.withValue(key, ConfigValueFactory.fromAnyRef(value)));
  }

  /** The resolved config as compact JSON, with credential-like values replaced by "***". */
  public String toJson() {
    Config redacted = resolved;
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : resolved.entrySet()) {
      if (SECRET.matcher(e.getKey()).matches()) {
        redacted = redacted.withValue(e.getKey(), ConfigValueFactory.fromAnyRef("***"));
      }
    }
    // Only sparktune's own sections: HOCON also carries system properties and environment.
    Config own = redacted.withOnlyPath("sparktune");
    for (String section : ConfigLoader.SECTIONS) {
      own = own.withFallback(redacted.withOnlyPath(section));
    }
    return own.root().render(ConfigRenderOptions.concise());
  }

  private static Settings section(Config c, String path) {
    return new Settings(c.getConfig(path), path);
  }
}

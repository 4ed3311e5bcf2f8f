package sparktune.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The corpus formats sparktune reads, with the config keys each accepts besides name/type/path. */
public enum SourceType {
  WIKIBOOKS_SQLITE("wikibooks-sqlite", Set.of("tables", "limit")),
  LYRICS_JSON("lyrics-json", Set.of("lang")),
  LYRICS_CSV("lyrics-csv", Set.of("text-column", "title-column", "artist-column", "lang")),
  TEXT_DIR("text-dir", Set.of("encoding", "lang", "chunk-chars"));

  private final String id;
  private final Set<String> extraKeys;

  SourceType(String id, Set<String> extraKeys) {
    this.id = id;
    this.extraKeys = extraKeys;
  }

  /** The name used in config, e.g. {@code wikibooks-sqlite}. */
  public String id() {
    return id;
  }

  Set<String> extraKeys() {
    return extraKeys;
  }

  public static SourceType of(String key, String id) {
    for (SourceType t : values()) {
      if (t.id.equals(id)) {
        return t;
      }
    }
    throw ConfigError.invalid(key, id, "must be one of " + ids());
  }

  static String ids() {
    return Arrays.stream(values()).map(SourceType::id).collect(Collectors.joining(", "));
  }
}

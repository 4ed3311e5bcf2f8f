package sparktune.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code sparktune.sources}.
 *
 * @param name unique source name; part of every doc_id
 * @param type the format
 * @param path file or folder (local path, or any Hadoop URI for the file-based types)
 * @param tables wikibooks-sqlite: the language tables to read (default {@code [en]})
 * @param textColumn lyrics-csv: the lyrics column (default {@code lyrics})
 * @param titleColumn lyrics-csv: the title column (default {@code title}; empty for none)
 * @param artistColumn lyrics-csv: the artist column (default {@code artist}; empty for none)
 * @param encoding text-dir: {@code auto} (default), or a charset name such as {@code windows-1251}
 * @param lang language code for sources that have no per-table language (default {@code und})
 * @param chunkChars text-dir: cut each file at blank lines into documents of at least this many characters (0, the default: one document per file)
 * @param limit wikibooks-sqlite: read only the first N rows of each table by rowid (0, the default: all)
 */
public record SourceConfig(
    String name,
    SourceType type,
    String path,
    List<String> tables,
    String textColumn,
    String titleColumn,
    String artistColumn,
    String encoding,
    String lang,
    int chunkChars,
    long limit) {

  private static final Set<String> COMMON_KEYS = Set.of("name", "type", "path");

  public SourceConfig {
    tables = List.copyOf(tables);
  }

  /** Reads and checks entry {@code index} of {@code sparktune.sources}. */
  static SourceConfig from(Config c, int index) {
    String at = "sparktune.sources[" + index + "]";
    Settings s = new Settings(c, at);
    if (!c.hasPath("type")) {
      throw new ConfigError("Missing " + at + ".type (one of " + SourceType.ids() + ")");
    }
    SourceType type = SourceType.of(at + ".type", s.string("type"));
    for (String key : c.root().keySet()) {
      if (!COMMON_KEYS.contains(key) && !type.extraKeys().contains(key)) {
        throw new ConfigError("Unknown key " + at + "." + key + " for a " + type.id() + " source"
            + " (allowed: name, type, path" + (type.extraKeys().isEmpty() ? "" : ", " + String.join(", ", type.extraKeys().stream().sorted().toList())) + ")");
      }
    }
    if (!c.hasPath("name") || s.string("name").isBlank()) {
      throw new ConfigError("Missing " + at + ".name");
    }
    if (!c.hasPath("path") || s.string("path").isBlank()) {
      throw new ConfigError("Missing " + at + ".path");
    }
    List<String> tables = c.hasPath("tables") ? s.strings("tables") : List.of("en");
    if (tables.isEmpty()) {
      throw ConfigError.invalid(at + ".tables", "[]", "must name at least one table");
    }
    String encoding = c.hasPath("encoding") ? s.string("encoding") : "auto";
    if (!encoding.equals("auto")) {
      try {
        java.nio.charset.Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        throw ConfigError.invalid(at + ".encoding", encoding, "must be auto or a charset name such as UTF-8, windows-1251, KOI8-R");
      }
    }
    return new SourceConfig(
        s.string("name"),
        type,
        s.string("path"),
        tables,
        c.hasPath("text-column") ? s.string("text-column") : "lyrics",
        c.hasPath("title-column") ? s.string("title-column") : "title",
        c.hasPath("artist-column") ? s.string("artist-column") : "artist",
        encoding,
        c.hasPath("lang") ? s.string("lang") : "und",
        c.hasPath("chunk-chars") ? s.intIn("chunk-chars", 0, Integer.MAX_VALUE) : 0,
        c.hasPath("limit") ? s.longIn("limit", 1, Long.MAX_VALUE) : 0);
  }
}

package sparktune.prep;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import sparktune.spark.HadoopFiles;

/**
 * The fingerprints of every source unit as the last ingest read them, kept in
 * {@code documents/_sources.json} (inside the table's folder, so deleting the table deletes them;
 * Delta ignores files whose name starts with {@code _}).
 * <pre>
 * {"documents_version": 3,
 *  "sources": {"books": {"settings": "SourceConfig[...]; max-document-bytes 10000000",
 *                        "units": {"Tolstoy/Anna.txt": "1834 bytes, modified 1764950400000"}}}}
 * </pre>
 * They are trusted only while the documents table is at {@code documents_version}, the version the
 * ingest that wrote them left it at; any other version (a failed run, a hand edit) means unknown.
 */
public final class SourceFingerprints {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one source looked like: its reader settings and unit -> fingerprint. */
  public record Source(String settings, Map<String, String> units) {}

  private final long documentsVersion;
  private final Map<String, Source> sources;

  public SourceFingerprints(long documentsVersion, Map<String, Source> sources) {
    this.documentsVersion = documentsVersion;
    this.sources = new TreeMap<>(sources);
  }

  /** The file beside the documents table's data. */
  public static String path(String documents) {
    return documents + "/_sources.json";
  }

  /** The stored fingerprints, or none when the file is missing, unreadable or older than the table. */
  public static SourceFingerprints read(HadoopFiles files, String documents, long documentsVersion) {
    String path = path(documents);
    if (documentsVersion < 0 || !files.exists(path)) {
      return new SourceFingerprints(documentsVersion, Map.of());
    }
    try {
      Map<String, Object> m = JSON.readValue(files.readString(path), new TypeReference<Map<String, Object>>() {});
      if (!(m.get("documents_version") instanceof Number v) || v.longValue() != documentsVersion) {
        return new SourceFingerprints(documentsVersion, Map.of());
      }
      Map<String, Source> out = new LinkedHashMap<>();
      Map<String, Map<String, Object>> stored = JSON.convertValue(m.get("sources"), new TypeReference<Map<String, Map<String, Object>>>() {});
      stored.forEach((name, s) -> out.put(name, new Source((String) s.get("settings"),
          JSON.convertValue(s.get("units"), new TypeReference<Map<String, String>>() {}))));
      return new SourceFingerprints(documentsVersion, out);
    } catch (IOException | RuntimeException e) {
      // A damaged file costs a full read, never a wrong skip.
      return new SourceFingerprints(documentsVersion, Map.of());
    }
  }

  /** The source as last read, or null when unknown. */
  public Source get(String name) {
    return sources.get(name);
  }

  public void write(HadoopFiles files, String documents) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("documents_version", documentsVersion);
    Map<String, Object> out = new TreeMap<>();
    sources.forEach((name, s) -> out.put(name, Map.of("settings", s.settings(), "units", new TreeMap<>(s.units()))));
    m.put("sources", out);
    try {
      files.writeString(path(documents), JSON.writeValueAsString(m));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path(documents), e);
    }
  }
}

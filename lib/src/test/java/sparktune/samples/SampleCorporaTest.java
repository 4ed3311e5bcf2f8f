package sparktune.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCorporaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SIZE = 100_000;

  @TempDir
  static Path tmp;
  static Path dir;
  static SampleCorpora.Report report;
  static List<JsonNode> entropy;

  @BeforeAll
  static void writeSamples() throws IOException {
    dir = tmp.resolve("a");
    report = SampleCorpora.write(dir, SIZE, 42, null);
    entropy = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("entropy.jsonl"))) {
      entropy.add(JSON.readTree(line));
    }
  }

  @Test
  void wikibooksHasTheThreeTablesWithTheirColumnsAndDirtyRows() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wikibooks.sqlite"));
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).containsExactly("en", "es", "ru");
      for (String t : tables) {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + t + ")")) {
          while (rs.next()) {
            columns.add(rs.getString("name") + " " + rs.getString("type"));
          }
        }
        assertThat(columns).containsExactly("title TEXT", "url TEXT", "abstract TEXT", "body_text TEXT", "body_html TEXT");
        assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE body_text IS NULL")).as(t).isPositive();
        assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE body_text = ''")).as(t).isPositive();
        assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE title IS NULL")).as(t).isPositive();
        assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE title = ''")).as(t).isPositive();
        assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE abstract IS NULL AND body_text <> ''")).as(t).isPositive();
        assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE length(body_text) BETWEEN 1 AND 300")).as(t).isPositive();
        // Exact duplicates: one body under two urls.
        assertThat(count(s, "SELECT count(*) FROM (SELECT body_text FROM " + t + " WHERE body_text <> '' GROUP BY body_text HAVING count(DISTINCT url) > 1)"))
            .as(t).isPositive();
        assertThat(count(s, "SELECT count(DISTINCT url) FROM " + t)).isEqualTo(count(s, "SELECT count(*) FROM " + t));
        for (String dirt : List.of("&amp;", "&quot;", "&nbsp;", "&#1078;", "<b>", "<ref>", "</ref>", "[[", "{{")) {
          assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE instr(body_text, '" + dirt + "') > 0")).as(t + " " + dirt).isPositive();
        }
        assertThat(count(s, "SELECT count(*) FROM " + t + " WHERE url NOT LIKE 'https://" + t + ".wikibooks.org/wiki/%'")).isZero();
      }
    }
  }

  @Test
  void nearDuplicatesDifferInAFewWords() throws SQLException {
    Map<String, String> bodies = wikibooksBodies("en");
    // The near-duplicate follows its original (schedule row 3) in rowid order.
    List<String> rows = new ArrayList<>(bodies.values());
    int near = 0;
    for (int i = 1; i < rows.size(); i++) {
      String[] a = rows.get(i - 1).split(" ");
      String[] b = rows.get(i).split(" ");
      if (a.length == b.length && !rows.get(i).equals(rows.get(i - 1))) {
        int diff = 0;
        for (int k = 0; k < a.length; k++) {
          diff += a[k].equals(b[k]) ? 0 : 1;
        }
        if (diff >= 1 && diff <= 3) {
          near++;
        }
      }
    }
    assertThat(near).isPositive();
  }

  @Test
  void lyricsJsonFilesParseWithEmptyStringsAndArtistFolderNames() throws IOException {
    List<String> artists = new ArrayList<>();
    int empty = 0;
    int songs = 0;
    try (Stream<Path> list = Files.list(dir.resolve("lyrics"))) {
      for (Path artist : list.sorted().toList()) {
        artists.add(artist.getFileName().toString());
        JsonNode root = JSON.readTree(artist.resolve("datasets.json").toFile());
        assertThat(root.fieldNames()).toIterable().containsExactly("train");
        for (JsonNode song : root.get("train")) {
          assertThat(song.isTextual()).isTrue();
          empty += song.asText().isEmpty() ? 1 : 0;
          songs++;
        }
      }
    }
    assertThat(artists).contains("Los Niños").anyMatch(a -> a.contains(" ") && !a.equals("Los Niños"))
        .anyMatch(a -> !StandardCharsets.US_ASCII.newEncoder().canEncode(a) && !a.equals("Los Niños"));
    assertThat(empty).isPositive();
    assertThat(songs).isGreaterThan(empty + 3);
  }

  @Test
  void classicsHaveWindows1251BomCrlfEmptyAndNonAsciiNamedFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("classics"))) {
      files = walk.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    int cp1251 = 0;
    int bom = 0;
    int crlf = 0;
    int emptyFiles = 0;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length == 0) {
        emptyFiles++;
      } else if (!validUtf8(bytes)) {
        String text = new String(bytes, ClassicsSample.WINDOWS_1251);
        assertThat(text).matches("(?s)[А-ЯЁа-яё ,.?!\n]+");
        cp1251++;
      } else if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
        bom++;
      } else if (new String(bytes, StandardCharsets.UTF_8).contains("\r\n")) {
        crlf++;
      }
    }
    assertThat(cp1251).isGreaterThanOrEqualTo(3);
    assertThat(bom).isPositive();
    assertThat(crlf).isPositive();
    assertThat(emptyFiles).isPositive();
    assertThat(files).anyMatch(f -> {
      String name = f.getFileName().toString();
      return name.contains(" ") && !StandardCharsets.US_ASCII.newEncoder().canEncode(name);
    });
    List<String> info = Files.readAllLines(dir.resolve("classics/info.csv"));
    assertThat(info.get(0)).isEqualTo("author,title,file");
    assertThat(info).hasSize(files.size() + 1);
  }

  @Test
  void everyEntropyLineMatchesTheStoredTextAndItsScore() throws Exception {
    Map<String, String> stored = new HashMap<>();
    for (String t : List.of("en", "ru", "es")) {
      stored.putAll(wikibooksBodies(t));
    }
    try (Stream<Path> list = Files.list(dir.resolve("lyrics"))) {
      for (Path artist : list.toList()) {
        JsonNode train = JSON.readTree(artist.resolve("datasets.json").toFile()).get("train");
        for (int i = 0; i < train.size(); i++) {
          stored.put("lyrics/" + artist.getFileName() + "#" + i, train.get(i).asText());
        }
      }
    }
    Map<String, Integer> sources = new TreeMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (JsonNode line : entropy) {
      String source = line.get("source").asText();
      String key = line.get("key").asText();
      String defect = line.has("defect") ? line.get("defect").asText() : null;
      sources.merge(source, 1, Integer::sum);
      String text = switch (source) {
        case "wikibooks", "lyrics" -> stored.get(source.equals("lyrics") ? "lyrics/" + key : key);
        case "classics" -> classicText(key, defect);
        default -> null;
      };
      double bits = line.get("bits").asDouble();
      assertThat(bits).isPositive();
      if (text != null && (defect == null || source.equals("classics"))) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(HexFormat.of().formatHex(sha.digest(utf8))).as(key).isEqualTo(line.get("text_sha256").asText());
        assertThat(utf8.length).isEqualTo(line.get("bytes").asInt());
        assertThat(SampleModel.of(42, source, line.get("lang").asText()).bits(text)).as(key).isEqualTo(bits);
      }
    }
    assertThat(sources.keySet()).containsExactly("classics", "lyrics", "lyrics-csv", "wikibooks");
    assertThat(sources).isEqualTo(new TreeMap<>(Map.of(
        "classics", report.sources().get("classics").get("generated").intValue(),
        "lyrics", report.sources().get("lyrics").get("generated").intValue(),
        "lyrics-csv", report.sources().get("lyrics-csv").get("generated").intValue(),
        "wikibooks", report.sources().get("wikibooks").get("generated").intValue())));
  }

  @Test
  void sizeIsRoughlyTheRequestedTotalAndSamplesJsonDescribesIt() throws IOException {
    assertThat(report.bytes()).isBetween(SIZE, SIZE * 3);
    JsonNode meta = JSON.readTree(dir.resolve("samples.json").toFile());
    assertThat(meta.get("format_version").asInt()).isEqualTo(SampleCorpora.FORMAT_VERSION);
    assertThat(meta.get("seed").asLong()).isEqualTo(42);
    assertThat(meta.get("size_bytes").asLong()).isEqualTo(SIZE);
    assertThat(meta.get("sources").get("wikibooks").get("records").asLong()).isGreaterThan(meta.get("sources").get("wikibooks").get("generated").asLong());
  }

  @Test
  void sameSeedWritesByteIdenticalFilesAndAnotherSeedDoesNot() throws Exception {
    Path b = tmp.resolve("b");
    SampleCorpora.write(b, SIZE, 42, null);
    assertThat(hashes(b)).isEqualTo(hashes(dir));
    Path c = tmp.resolve("c");
    SampleCorpora.write(c, SIZE, 43, null);
    assertThat(hashes(c).get("wikibooks.sqlite")).isNotEqualTo(hashes(dir).get("wikibooks.sqlite"));
  }

  private static Map<String, String> hashes(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    }
    assertThat(out).containsKeys("wikibooks.sqlite", "entropy.jsonl", "samples.json", "lyrics-csv/lyrics.csv", "classics/info.csv");
    return out;
  }

  private static String classicText(String key, String defect) throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve("classics").resolve(key));
    if ("windows-1251".equals(defect)) {
      return new String(bytes, ClassicsSample.WINDOWS_1251);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if ("bom".equals(defect)) {
      assertThat(text).startsWith("\uFEFF");
      return text.substring(1);
    }
    return "crlf".equals(defect) ? text.replace("\r\n", "\n") : text;
  }

  /** url -> body_text, in rowid order. */
  private static Map<String, String> wikibooksBodies(String table) throws SQLException {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wikibooks.sqlite"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT url, body_text FROM " + table + " ORDER BY rowid")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
      }
    }
    return out;
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean validUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}

package sparktune.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Changes a share of the documents of the sample corpora in place, as a nightly refresh would find
 * them: a third of the share edited, a third deleted, a third added, spread evenly over every
 * source. SQLite rows are updated, deleted and inserted; book files are appended to, deleted and
 * copied with new text; artist lyrics files lose their last song, have their first song edited and
 * gain one; the lyrics CSV gains songs at its end.
 */
final class SampleChanges {
  private static final String EDIT = " This passage was revised in a later edition of the text.";

  private SampleChanges() {}

  /** @return counts of documents by change: added, edited, deleted */
  static Map<String, Long> apply(Path samples, double share) throws Exception {
    long[] n = new long[3];
    wikibooks(samples.resolve("wikibooks.sqlite"), share, n);
    books(samples.resolve("classics"), share, n);
    lyrics(samples.resolve("lyrics"), share, n);
    csv(samples.resolve("lyrics-csv/lyrics.csv"), share, n);
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("added", n[0]);
    out.put("edited", n[1]);
    out.put("deleted", n[2]);
    return out;
  }

  private static void wikibooks(Path db, double share, long[] n) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      for (String t : List.of("en", "ru", "es")) {
        long rows;
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
          rows = rs.next() ? rs.getLong(1) : 0;
        }
        long every = Math.max(3, Math.round(3 / share));
        if (rows == 0) {
          continue;
        }
        n[0] += st.executeUpdate("INSERT INTO " + t + " SELECT title || ' (second part)', url || '/second-part', abstract, "
            + "body_text || '" + EDIT + "', body_html FROM " + t + " WHERE rowid % " + every + " = 0");
        n[1] += st.executeUpdate("UPDATE " + t + " SET body_text = body_text || '" + EDIT + "' WHERE rowid % " + every + " = 1");
        n[2] += st.executeUpdate("DELETE FROM " + t + " WHERE rowid % " + every + " = 2");
      }
    }
  }

  private static void books(Path dir, double share, long[] n) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    long every = Math.max(3, Math.round(3 / share));
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      if (i % every == 0) {
        Path copy = f.resolveSibling(f.getFileName().toString().replace(".txt", " (second part).txt"));
        Files.copy(f, copy);
        Files.write(copy, ("\n\n" + EDIT.strip() + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        n[0]++;
      } else if (i % every == 1) {
        Files.write(f, ("\n\n" + EDIT.strip() + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        n[1]++;
      } else if (i % every == 2) {
        Files.delete(f);
        n[2]++;
      }
    }
  }

  private static void lyrics(Path dir, double share, long[] n) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.getFileName().toString().equals("datasets.json")).sorted().toList();
    }
    long songs = 0;
    for (Path f : files) {
      songs += json.readTree(f.toFile()).path("train").size();
    }
    // One song of each kind per changed file.
    long changedFiles = Math.max(1, Math.round(songs * share / 3));
    long every = Math.max(1, files.size() / changedFiles);
    for (int i = 0; i < files.size(); i += every) {
      ObjectNode root = (ObjectNode) json.readTree(files.get(i).toFile());
      ArrayNode train = (ArrayNode) root.path("train");
      if (train.size() < 2) {
        continue;
      }
      train.set(0, train.get(0).asText() + EDIT);
      train.remove(train.size() - 1);
      train.add(train.get(1).asText() + EDIT);
      json.writeValue(files.get(i).toFile(), root);
      n[0]++;
      n[1]++;
      n[2]++;
    }
  }

  private static void csv(Path file, double share, long[] n) throws IOException {
    // Songs are multi-line quoted fields: a record ends where a closing quote meets a line end.
    long records = Files.readString(file).split("\"\n", -1).length - 1;
    long add = Math.max(1, Math.round(records * share / 3));
    StringBuilder b = new StringBuilder();
    for (long i = 0; i < add; i++) {
      b.append("Nueva,Canción ").append(i).append(",\"Una canción nueva número ").append(i)
          .append(" que llega con la actualización de esta noche y habla del mar, del viento y de la ciudad.\"\n");
    }
    Files.writeString(file, b, StandardOpenOption.APPEND);
    n[0] += add;
  }
}

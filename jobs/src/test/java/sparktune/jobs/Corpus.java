package sparktune.jobs;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;

/**
 * A small hand-made corpus in all four source formats, with one instance of each defect the data
 * stages must handle, under a folder whose name has a space and non-ASCII letters.
 */
final class Corpus {
  static final String RU = "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему. "
      + "Всё смешалось в доме Облонских. Жена узнала, что муж был в связи с бывшею в их доме француженкою-гувернанткой.";
  static final String CATS = words("Cats are small carnivorous mammals that people keep as pets and working animals", 120);
  static final String CATS_NEAR = CATS.replaceFirst("pets", "companions");
  /** Shares about 60% of its 5-word shingles with CATS: kept by clean, clustered with it by split. */
  static final String CATS_PART = String.join(" ", java.util.Arrays.asList(CATS.split(" ")).subList(0, 95)) + " "
      + words("while their wild relatives hunt alone across deserts forests and mountains of every continent", 30);
  static final String CATS_COPY = "  " + CATS.toUpperCase().replace(" ", "   ") + "  ";

  final Path root;
  final Path sqlite;
  final Path warehouse;

  Corpus(Path tmp) throws IOException {
    root = Files.createDirectories(tmp.resolve("corpus äö ы"));
    sqlite = root.resolve("wikibooks.sqlite");
    warehouse = tmp.resolve("warehouse");
  }

  /** {@code n} words cycling through a sentence, each numbered by its position, so no 5-word shingle repeats. */
  static String words(String sentence, int n) {
    String[] w = sentence.split(" ");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(w[i % w.length]).append(i).append(i % w.length == w.length - 1 ? ". " : " ");
    }
    return b.toString().strip();
  }

  /**
   * Writes the corpus and a config for it: {@code java ... sparktune.jobs.Corpus DIR} prints the
   * path of {@code DIR/corpus.conf}, for {@code bin/sparktune prepare --conf DIR/corpus.conf}.
   */
  public static void main(String[] args) throws Exception {
    Corpus c = new Corpus(Path.of(args[0]).toAbsolutePath()).write();
    Path conf = c.root.getParent().resolve("corpus.conf");
    Files.writeString(conf, c.hocon("[en, es]"));
    System.out.println(conf);
  }

  Corpus write() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement st = c.createStatement()) {
      // Untyped columns, as in the real dump.
      st.execute("CREATE TABLE en (title, url, abstract, body_text, body_html)");
      st.execute("CREATE TABLE es (title, url, abstract, body_text, body_html)");
      wiki(c, "en", "Cats", "https://en.wikibooks.org/wiki/Cats", CATS, null);
      wiki(c, "en", "Dogs", "https://en.wikibooks.org/wiki/Dogs", "  ",
          "<p>Dogs &amp; wolves are close relatives; see [[Canis lupus|the wolf]] and the <b>domestic</b> dog, which has lived with people for many thousands of years.</p>");
      wiki(c, "en", "Empty", "https://en.wikibooks.org/wiki/Empty", null, null);
      wiki(c, "en", "Cats again", "https://en.wikibooks.org/wiki/Cats", "A second row with the url of Cats: a duplicate key in the dump.", null);
      wiki(c, "en", "Markup", "https://en.wikibooks.org/wiki/Markup",
          "{{Infobox|name={{nested}}}}The '''Rhine''' river<ref name=\"a\">Some source, p. 4</ref> flows through [[Switzerland]] &amp; Germany &mdash; "
              + "about 1,230&nbsp;km long, and it carries more water than any other river of the region.", null);
      wiki(c, "en", "Short", "https://en.wikibooks.org/wiki/Short", "Too short.", null);
      wiki(c, "en", "Copy", "https://en.wikibooks.org/wiki/Copy", CATS_COPY, null);
      wiki(c, "en", "Near", "https://en.wikibooks.org/wiki/Near", CATS_NEAR, null);
      wiki(c, "en", "Cats, in part", "https://en.wikibooks.org/wiki/Cats_part", CATS_PART, null);
      wiki(c, "en", "Symbols", "https://en.wikibooks.org/wiki/Symbols", "#### $$$$ %%%% ^^^^ |||| ~~~~ #### $$$$ %%%% ^^^^ |||| ~~~~ #### $$$$ %%%% ^^^^ a b", null);
      wiki(c, "en", "No url", null, "A page without a url is keyed by its table and title, and it is long enough to keep.", null);
      wiki(c, "es", "Gatos", "https://es.wikibooks.org/wiki/Gatos", "Los gatos son mamíferos carnívoros pequeños que las personas tienen como mascotas.", null);
    }
    Path artist = Files.createDirectories(root.resolve("lyrics/Artist One"));
    Files.writeString(artist.resolve("datasets.json"), "{\"train\": [\"" + words("first song about the long road home tonight", 30)
        + "\", \"\", 42, \"" + String.join("\\n", java.util.Collections.nCopies(8, "la la la la la la la la")) + "\"]}");
    Path broken = Files.createDirectories(root.resolve("lyrics/Broken"));
    Files.writeString(broken.resolve("datasets.json"), "{\"train\": [\"" + words("a song that survives the damaged file after it", 30) + "\", \"trunc");
    Path csv = Files.createDirectories(root.resolve("lyrics-csv"));
    Files.writeString(csv.resolve("songs.csv"), "artist,title,lyrics\n"
        + "Ana,Sol,\"" + words("canta el sol sobre la playa y la ciudad", 30) + "\"\n"
        + "Ana,Luna,\"Primera línea de la luna\nsegunda línea con \"\"comillas\"\" dentro\ntercera línea, con una coma, y más palabras para llegar\"\n"
        + "Ana,Rota,dos,campos de más\n"
        + "Ana,Vacía,\n");
    Path tolstoy = Files.createDirectories(root.resolve("classics/Толстой"));
    Files.write(tolstoy.resolve("Анна Каренина.txt"), RU.getBytes(Charset.forName("windows-1251")));
    Path b = Files.createDirectories(root.resolve("classics/Author B"));
    Files.write(b.resolve("koi.txt"), RU.getBytes(Charset.forName("KOI8-R")));
    Path cdir = Files.createDirectories(root.resolve("classics/Author C"));
    Files.write(cdir.resolve("bom.txt"), ("\uFEFF" + words("a book with a byte order mark and windows line ends", 40).replace(". ", ".\r\n")).getBytes(StandardCharsets.UTF_8));
    Files.write(cdir.resolve("empty.txt"), new byte[0]);
    Files.write(cdir.resolve("nul.txt"), "text\0with a NUL byte".getBytes(StandardCharsets.UTF_8));
    Files.writeString(cdir.resolve("big.txt"), "x".repeat(5000));
    Files.write(cdir.resolve("garbage.txt"), new byte[] {(byte) 0x98, (byte) 0x80, (byte) 0x81, 0x20, (byte) 0x82, (byte) 0x83});
    Files.writeString(root.resolve("classics/info.csv"), "author,title\n");
    return this;
  }

  static void wiki(Connection c, String table, String title, String url, String text, String html) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)")) {
      p.setString(1, title);
      p.setString(2, url);
      p.setString(3, "");
      p.setString(4, text);
      p.setString(5, html);
      p.executeUpdate();
    }
  }

  void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  SparktuneConfig config() {
    return config("[en, es]");
  }

  SparktuneConfig config(String tables) {
    return ConfigLoader.load(ConfigFactory.parseString(hocon(tables)), List.of());
  }

  String hocon(String tables) {
    return "sparktune { warehouse = \"" + warehouse + "\", sources = [\n"
        + "{ name = wiki, type = wikibooks-sqlite, path = \"" + sqlite + "\", tables = " + tables + " }\n"
        + "{ name = lyrics, type = lyrics-json, path = \"" + root.resolve("lyrics") + "\", lang = en }\n"
        + "{ name = songs, type = lyrics-csv, path = \"" + root.resolve("lyrics-csv") + "\", lang = es }\n"
        + "{ name = books, type = text-dir, path = \"" + root.resolve("classics") + "\", lang = ru }\n"
        + "] }\n"
        + "ingest { max-document-bytes = 4000, jdbc-partitions = 2 }\n"
        + "clean { min-chars = 40 }\n";
  }
}

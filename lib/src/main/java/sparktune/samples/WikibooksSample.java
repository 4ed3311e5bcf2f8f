package sparktune.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes {@code wikibooks.sqlite} in the Kaggle wikibooks layout: one table per language
 * ({@code en}, {@code ru}, {@code es}) with TEXT columns {@code title, url, abstract, body_text,
 * body_html}; one transaction per table, batched inserts. {@code abstract} is the first sentence and
 * {@code body_html} the paragraphs as {@code <p>} elements. Dirty rows: see {@link #SCHEDULE}.
 */
final class WikibooksSample {
  static final String SOURCE = "wikibooks";
  private static final int BATCH = 500;

  /** In place: the generated row is altered. Extra: a derived row follows the generated one. */
  enum Defect { NONE, ENTITIES, MARKUP, NULL_TITLE, EMPTY_TITLE, NULL_ABSTRACT, EMPTY_ABSTRACT,
    DUPLICATE, NEAR_DUPLICATE, SHORT, NULL_BODY, EMPTY_BODY }

  /** Defects of the first rows of every table, so even a tiny sample has each; later rows draw them at ~4%. */
  static final Defect[] SCHEDULE = {Defect.ENTITIES, Defect.DUPLICATE, Defect.MARKUP, Defect.NEAR_DUPLICATE,
      Defect.NULL_BODY, Defect.NULL_TITLE, Defect.EMPTY_BODY, Defect.SHORT, Defect.NULL_ABSTRACT,
      Defect.EMPTY_TITLE, Defect.EMPTY_ABSTRACT, Defect.NONE};

  private WikibooksSample() {}

  /** @param budgets UTF-8 text bytes per language, in the order en, ru, es */
  static void write(Path file, long[] budgets, long seed, EntropyLog log) throws IOException, SQLException {
    Files.deleteIfExists(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=MEMORY");
        s.execute("PRAGMA synchronous=OFF");
      }
      Language[] langs = {Language.EN, Language.RU, Language.ES};
      for (int l = 0; l < langs.length; l++) {
        table(c, langs[l], budgets[l], seed, log);
      }
    }
  }

  private static void table(Connection c, Language lang, long budget, long seed, EntropyLog log) throws SQLException, IOException {
    String t = lang.code();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + t + " (title TEXT, url TEXT, abstract TEXT, body_text TEXT, body_html TEXT)");
    }
    c.setAutoCommit(false);
    SampleModel model = SampleModel.of(seed, SOURCE, t);
    Set<String> titles = new HashSet<>();
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?, ?)")) {
      int pending = 0;
      long bytes = 0;
      for (int i = 0; bytes < budget || i < SCHEDULE.length; i++) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x5742L + lang.ordinal(), i));
        TextGenerator.Generated doc = model.generate(rng);
        String body = doc.text();
        String title = title(model, titles, rng);
        String url = url(lang, title);
        Defect d = i < SCHEDULE.length ? SCHEDULE[i]
            : rng.nextInt(100) < 4 ? Defect.values()[1 + rng.nextInt(Defect.values().length - 1)] : Defect.NONE;
        String stored = switch (d) {
          case ENTITIES -> Defects.entities(body, rng);
          case MARKUP -> Defects.markup(body, model.word(rng), rng);
          default -> body;
        };
        boolean inPlace = switch (d) {
          case ENTITIES, MARKUP, NULL_TITLE, EMPTY_TITLE, NULL_ABSTRACT, EMPTY_ABSTRACT -> true;
          default -> false;
        };
        // The entropy line describes the clean generated body, whatever was done to the stored row.
        bytes += log.generated(SOURCE, url, t, body, doc.logProb(), inPlace ? d.name().toLowerCase().replace('_', '-') : null);
        String abstractText = d == Defect.NULL_ABSTRACT ? null : d == Defect.EMPTY_ABSTRACT ? "" : Defects.firstSentence(body);
        String rowTitle = d == Defect.NULL_TITLE ? null : d == Defect.EMPTY_TITLE ? "" : title;
        add(insert, rowTitle, url, abstractText, stored, html(body));
        pending++;
        String extraTitle = title(model, titles, rng);
        String extraUrl = url(lang, extraTitle);
        String extra = switch (d) {
          case DUPLICATE -> body;
          case NEAR_DUPLICATE -> Defects.nearDuplicate(body, model, 3, rng);
          case SHORT -> Defects.firstSentence(body);
          case EMPTY_BODY -> "";
          default -> null;
        };
        if (extra != null) {
          add(insert, extraTitle, extraUrl, extra.isEmpty() ? "" : Defects.firstSentence(extra), extra, extra.isEmpty() ? "" : html(extra));
        } else if (d == Defect.NULL_BODY) {
          add(insert, extraTitle, extraUrl, null, null, null);
        }
        if (extra != null || d == Defect.NULL_BODY) {
          int len = extra == null ? 0 : extra.getBytes(StandardCharsets.UTF_8).length;
          log.stored(SOURCE, len);
          bytes += len;
          pending++;
        }
        if (pending >= BATCH) {
          insert.executeBatch();
          pending = 0;
        }
      }
      insert.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  private static void add(PreparedStatement insert, String title, String url, String abstractText, String body, String html) throws SQLException {
    insert.setString(1, title);
    insert.setString(2, url);
    insert.setString(3, abstractText);
    insert.setString(4, body);
    insert.setString(5, html);
    insert.addBatch();
  }

  /** 2..4 capitalized words, unique within the table (a number is appended after repeated clashes). */
  private static String title(SampleModel model, Set<String> titles, SplittableRandom rng) {
    String t = model.name(2 + rng.nextInt(3), rng);
    for (int n = 2; !titles.add(t); n++) {
      t = n < 6 ? model.name(2 + rng.nextInt(3), rng) : t + " " + n;
    }
    return t;
  }

  static String url(Language lang, String title) {
    return "https://" + lang.code() + ".wikibooks.org/wiki/" + title.replace(' ', '_');
  }

  static String html(String body) {
    StringBuilder b = new StringBuilder(body.length() + 64);
    for (String p : body.split("\n\n", -1)) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append("<p>").append(p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</p>");
    }
    return b.toString();
  }
}

package sparktune.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.SourceType;

/**
 * Wikibooks tables whose bodies hold bytes a text column should not: stored the way SQLite stores
 * them (a TEXT value is whatever bytes the writer gave it), through the driver's raw SQL.
 */
class WikibooksBadBytesTest {
  @TempDir
  static Path tmp;
  static Ingested ingested;

  @BeforeAll
  static void readTable() throws Exception {
    Path db = tmp.resolve("wikibooks.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE en (title, url, abstract, body_text, body_html)");
      st.execute("INSERT INTO en VALUES ('Good', 'u/good', '', 'Plain text that is fine.', NULL)");
      // 'caf' + Latin-1 e-acute (0xE9) + ' au lait': not UTF-8.
      st.execute("INSERT INTO en VALUES ('Latin1', 'u/latin1', '', CAST(X'636166E920617520C6C169' AS TEXT), NULL)");
      st.execute("INSERT INTO en VALUES ('Nul', 'u/nul', '', CAST(X'6F6E650A74770074776F' AS TEXT), NULL)");
      st.execute("INSERT INTO en VALUES ('Bell', 'u/bell', '', NULL, CAST(X'3C703E72696E6720070A3C2F703E' AS TEXT))");
      // A BLOB body holding valid UTF-8, and a genuine U+FFFD (EF BF BD) in valid text: both are text.
      st.execute("INSERT INTO en VALUES ('Blob', 'u/blob', '', X'426C6F622074657874C3A9', NULL)");
      st.execute("INSERT INTO en VALUES ('Replacement', 'u/fffd', '', CAST(X'61EFBFBD62' AS TEXT), NULL)");
      // Invalid bytes in body_text are rejected even when body_html would do.
      st.execute("INSERT INTO en VALUES ('Both', 'u/both', '', CAST(X'FF' AS TEXT), '<p>html</p>')");
    }
    ingested = Ingested.of(Ingested.source(SourceType.WIKIBOOKS_SQLITE, db.toString()));
  }

  @Test
  void invalidUtf8InBodyTextIsRejectedUndecodableWithTableRowidAndByte() {
    assertThat(ingested.reason("u/latin1")).isEqualTo("undecodable");
    assertThat(ingested.detail("u/latin1")).isEqualTo("table en, rowid 2, body_text: invalid UTF-8 at byte 3");
    assertThat(ingested.reason("u/both")).isEqualTo("undecodable");
    assertThat(ingested.detail("u/both")).isEqualTo("table en, rowid 7, body_text: invalid UTF-8 at byte 0");
  }

  @Test
  void nulInBodyTextIsRejectedWithItsLineAndColumn() {
    assertThat(ingested.reason("u/nul")).isEqualTo("nul-bytes");
    assertThat(ingested.detail("u/nul")).isEqualTo("table en, rowid 3, body_text: NUL (U+0000) at line 2, column 3");
  }

  @Test
  void controlCharacterInBodyHtmlIsRejected() {
    assertThat(ingested.reason("u/bell")).isEqualTo("control-characters");
    assertThat(ingested.detail("u/bell")).isEqualTo("table en, rowid 4, body_html: control character U+0007 at line 1, column 9");
  }

  @Test
  void validBytesAreKeptWhetherStoredAsTextOrBlob() {
    assertThat(ingested.text("u/good")).isEqualTo("Plain text that is fine.");
    assertThat(ingested.text("u/blob")).isEqualTo("Blob texté");
    assertThat(ingested.text("u/fffd")).isEqualTo("a\uFFFDb");
    assertThat(ingested.in).isEqualTo(7);
    assertThat(ingested.kept).isEqualTo(3);
    assertThat(ingested.rejected).isEqualTo(4);
  }
}

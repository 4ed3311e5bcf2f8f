package sparktune.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.SourceType;

/**
 * A books folder with every kind of file a real dump has, written byte by byte, and real symbolic
 * links: one to the parent folder (a loop), one to a folder outside, one to a file outside.
 */
class TextDirBadInputsTest {
  static final String RU = "Мой дядя самых честных правил, когда не в шутку занемог, он уважать себя заставил.";

  @TempDir
  static Path tmp;
  static Ingested ingested;

  @BeforeAll
  static void readBooks() throws Exception {
    Path books = Files.createDirectories(tmp.resolve("books äö"));
    Path english = Files.createDirectories(books.resolve("English"));
    Files.writeString(english.resolve("good.txt"), "A good English book.");
    Files.writeString(english.resolve("War [1] {draft} *.txt"), "A title with glob characters.");
    Path a = Files.createDirectories(books.resolve("A"));
    Files.writeString(a.resolve("real.txt"), "A real file next to the loop.");
    Files.createSymbolicLink(a.resolve("loop"), Path.of(".."));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("outside.txt"), "A book that lives outside the folder.");
    Files.createSymbolicLink(books.resolve("Linked folder"), elsewhere);
    Path russian = Files.createDirectories(books.resolve("Русский"));
    Files.write(russian.resolve("cp1251.txt"), RU.getBytes(Charset.forName("windows-1251")));
    Files.write(russian.resolve("utf16.txt"), RU.getBytes(StandardCharsets.UTF_16));
    Path misc = Files.createDirectories(books.resolve("Misc"));
    Files.write(misc.resolve("binary.txt"), new byte[] {(byte) 0x98, (byte) 0x80, (byte) 0x81, 0x20, (byte) 0x82, (byte) 0x83});
    Files.write(misc.resolve("empty.txt"), new byte[0]);
    Files.writeString(misc.resolve("ansi.txt"), "a terminal log\nplain \u001B[1mbold\u001B[0m");
    Files.createSymbolicLink(misc.resolve("linked file.txt"), elsewhere.resolve("outside.txt"));
    ingested = Ingested.of(Ingested.source(SourceType.TEXT_DIR, books.toString()));
  }

  @Test
  void aLinkToTheParentFolderIsNotFollowedAndOriginsAreRealPaths() {
    assertThat(ingested.byOrigin.keySet()).containsExactly(
        "A/real.txt", "English/War [1] {draft} *.txt", "English/good.txt", "Misc/ansi.txt", "Misc/binary.txt",
        "Misc/empty.txt", "Misc/linked file.txt", "Русский/cp1251.txt", "Русский/utf16.txt");
    assertThat(ingested.text("English/good.txt")).isEqualTo("A good English book.");
    assertThat(ingested.text("A/real.txt")).isEqualTo("A real file next to the loop.");
  }

  @Test
  void linkedFoldersAreSkippedAndLinkedFilesAreRead() {
    assertThat(ingested.byOrigin).doesNotContainKey("Linked folder/outside.txt");
    assertThat(ingested.text("Misc/linked file.txt")).isEqualTo("A book that lives outside the folder.");
    assertThat(ingested.text("English/War [1] {draft} *.txt")).isEqualTo("A title with glob characters.");
  }

  @Test
  void foreignEncodingsBinaryAndEmptyFilesKeepTheirReasons() {
    assertThat(ingested.text("Русский/cp1251.txt")).isEqualTo(RU);
    assertThat(ingested.reason("Русский/utf16.txt")).isEqualTo("nul-bytes");
    assertThat(ingested.detail("Русский/utf16.txt")).isEqualTo("file contains NUL bytes (binary, or UTF-16)");
    assertThat(ingested.reason("Misc/binary.txt")).isEqualTo("undecodable");
    assertThat(ingested.detail("Misc/binary.txt")).isEqualTo("not UTF-8, and not Russian text in windows-1251 or KOI8-R");
    assertThat(ingested.reason("Misc/empty.txt")).isEqualTo("empty");
  }

  @Test
  void controlCharactersInADecodedFileRejectIt() {
    assertThat(ingested.reason("Misc/ansi.txt")).isEqualTo("control-characters");
    assertThat(ingested.detail("Misc/ansi.txt")).isEqualTo("decoded as UTF-8: control character U+001B at line 2, column 7");
  }

  @Test
  void everyFileIsCountedOnce() {
    assertThat(ingested.in).isEqualTo(9);
    assertThat(ingested.kept).isEqualTo(5);
    assertThat(ingested.rejected).isEqualTo(4);
  }
}

package sparktune.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.SourceType;

/**
 * CSV scrapes with broken records (committed: bad-inputs/lyrics-csv/songs.csv) and with bytes that
 * are not UTF-8 or are control characters (written here byte by byte).
 */
class LyricsCsvBadRecordsTest {
  @TempDir
  static Path tmp;
  static Ingested ingested;

  @BeforeAll
  static void readScrapes() throws Exception {
    Path root = BadInputs.copy("lyrics-csv", tmp.resolve("lyrics-csv"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("artist,title,lyrics\r\nA,Caf".getBytes(StandardCharsets.US_ASCII));
    bytes.write(0xE9);
    bytes.write(",\"a lyric under a Latin-1 title\"\r\nA,Fine,\"a fine lyric\r\non two lines\"\r\nA,Colour,\"an escape \u001B[31m sequence\"\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    Files.write(root.resolve("latin1.csv"), bytes.toByteArray());
    Files.createSymbolicLink(root.resolve("again"), Path.of("."));
    ingested = Ingested.of(Ingested.source(SourceType.LYRICS_CSV, root.toString()));
  }

  @Test
  void aQuoteThatNeverClosesIsBlamedOnItsOwnRecordAndLine() {
    assertThat(ingested.reason("songs.csv:5")).isEqualTo("malformed-csv-row");
    assertThat(ingested.detail("songs.csv:5")).isEqualTo("record 5 (line 8) of songs.csv: quoted field 3 (opened on line 8) never closes: "
        + "the next quote, on line 10, is followed by 'a', not a comma or a line end; "
        + "the record ends before line 10, which starts the next well-formed record");
    assertThat(ingested.reason("songs.csv:8")).isEqualTo("malformed-csv-row");
    assertThat(ingested.detail("songs.csv:8")).startsWith("record 8 (line 13) of songs.csv: quoted field 3 (opened on line 13) never closes");
  }

  @Test
  void theRecordsAfterABrokenQuoteAreReadIntact() {
    assertThat(ingested.row("songs.csv:6").<String>getAs("title")).isEqualTo("Artist1 - After");
    assertThat(ingested.text("songs.csv:6")).isEqualTo("a valid lyric after the broken one\non two lines");
    assertThat(ingested.text("songs.csv:7")).isEqualTo("a plain lyric after it");
    assertThat(ingested.text("songs.csv:9")).isEqualTo("the last lyric, quoted");
    assertThat(ingested.text("songs.csv:1")).isEqualTo("a valid lyric\nthat spans two lines, with a comma\nand a \"quoted\" word");
  }

  @Test
  void wrongFieldCountsAreRejectedWithTheirRecordAndLine() {
    assertThat(ingested.reason("songs.csv:3")).isEqualTo("malformed-csv-row");
    assertThat(ingested.detail("songs.csv:3")).isEqualTo("record 3 (line 6) of songs.csv: has 4 fields, the header has 3");
    assertThat(ingested.detail("songs.csv:4")).isEqualTo("record 4 (line 7) of songs.csv: has 2 fields, the header has 3");
  }

  @Test
  void bytesThatAreNotUtf8AndControlCharactersRejectTheirRecord() {
    assertThat(ingested.reason("latin1.csv:1")).isEqualTo("undecodable");
    assertThat(ingested.detail("latin1.csv:1")).isEqualTo("record 1 (line 2) of latin1.csv: invalid UTF-8 at byte 26");
    assertThat(ingested.text("latin1.csv:2")).isEqualTo("a fine lyric\non two lines");
    assertThat(ingested.reason("latin1.csv:3")).isEqualTo("control-characters");
    assertThat(ingested.detail("latin1.csv:3")).isEqualTo("record 3 (line 5) of latin1.csv: control character U+001B at line 1, column 11");
  }

  @Test
  void everyRecordIsCountedOnceDespiteALinkToTheFolderItself() {
    assertThat(ingested.in).isEqualTo(12);
    assertThat(ingested.kept).isEqualTo(6);
    assertThat(ingested.rejected).isEqualTo(6);
  }
}

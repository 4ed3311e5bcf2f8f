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
 * huggingartists files with escapes of text that cannot be trained on (committed:
 * bad-inputs/lyrics-json/Surrogates) and with raw bytes that are not UTF-8 (written here byte by byte),
 * next to a symbolic link from an artist folder to its parent.
 */
class LyricsJsonBadTextTest {
  @TempDir
  static Path tmp;
  static Ingested ingested;

  @BeforeAll
  static void readLyrics() throws Exception {
    Path root = BadInputs.copy("lyrics-json", tmp.resolve("lyrics"));
    ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
    latin1.write("{\"train\": [\"caf".getBytes(StandardCharsets.US_ASCII));
    latin1.write(0xE9);
    latin1.write(" au lait\", \"a fine entry after it\", \"raw".getBytes(StandardCharsets.US_ASCII));
    latin1.write(0x01);
    latin1.write("control\"]}".getBytes(StandardCharsets.US_ASCII));
    Files.write(Files.createDirectories(root.resolve("Latin1")).resolve("datasets.json"), latin1.toByteArray());
    Files.createSymbolicLink(root.resolve("Latin1/loop"), Path.of(".."));
    ingested = Ingested.of(Ingested.source(SourceType.LYRICS_JSON, root.toString()));
  }

  @Test
  void loneSurrogateEscapesAreRejectedWithTheirEntryIndex() {
    assertThat(ingested.reason("Surrogates/datasets.json#train[1]")).isEqualTo("unpaired-surrogate");
    assertThat(ingested.detail("Surrogates/datasets.json#train[1]")).isEqualTo("entry 1: unpaired surrogate U+D800 at line 1, column 23");
    assertThat(ingested.reason("Surrogates/datasets.json#train[5]")).isEqualTo("unpaired-surrogate");
    assertThat(ingested.detail("Surrogates/datasets.json#train[5]")).isEqualTo("entry 5: unpaired surrogate U+DC00 at line 1, column 22");
  }

  @Test
  void nulAndControlCharacterEscapesAreRejected() {
    assertThat(ingested.reason("Surrogates/datasets.json#train[2]")).isEqualTo("nul-bytes");
    assertThat(ingested.detail("Surrogates/datasets.json#train[2]")).isEqualTo("entry 2: NUL (U+0000) at line 1, column 7");
    assertThat(ingested.reason("Surrogates/datasets.json#train[3]")).isEqualTo("control-characters");
    assertThat(ingested.detail("Surrogates/datasets.json#train[3]")).isEqualTo("entry 3: control character U+0007 at line 2, column 1");
  }

  @Test
  void aByteThatIsNotUtf8CostsOnlyItsEntry() {
    assertThat(ingested.reason("Latin1/datasets.json#train[0]")).isEqualTo("undecodable");
    assertThat(ingested.detail("Latin1/datasets.json#train[0]")).isEqualTo("entry 0: invalid UTF-8 at byte 15");
    assertThat(ingested.text("Latin1/datasets.json#train[1]")).isEqualTo("a fine entry after it");
    assertThat(ingested.reason("Latin1/datasets.json#train[2]")).isEqualTo("control-characters");
    assertThat(ingested.detail("Latin1/datasets.json#train[2]")).isEqualTo("entry 2: control character U+0001 at line 1, column 4");
  }

  @Test
  void validEntriesAreKeptAndEveryEntryIsCountedOnceDespiteALinkToTheParentFolder() {
    assertThat(ingested.text("Surrogates/datasets.json#train[0]")).isEqualTo("a fine song\nwith two lines");
    assertThat(ingested.text("Surrogates/datasets.json#train[4]")).isEqualTo("a proper pair \uD83D\uDE00 is an emoji");
    assertThat(ingested.in).isEqualTo(9);
    assertThat(ingested.kept).isEqualTo(3);
    assertThat(ingested.rejected).isEqualTo(6);
  }
}

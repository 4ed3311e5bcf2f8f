package sparktune.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextValidityTest {
  @Test
  void tabsLineEndsFormFeedsAndSurrogatePairsAreText() {
    assertThat(TextValidity.check("a\tb\r\nc\fd \uD83D\uDE00 \uFFFD")).isNull();
    assertThat(TextValidity.check(null)).isNull();
  }

  @Test
  void nulOtherControlsAndLoneSurrogatesAreRejectedWithLineAndColumn() {
    assertThat(TextValidity.check("ab\ncd\0")).isEqualTo(new TextValidity.Problem("nul-bytes", "NUL (U+0000) at line 2, column 3"));
    assertThat(TextValidity.check("\u000B")).isEqualTo(new TextValidity.Problem("control-characters", "control character U+000B at line 1, column 1"));
    assertThat(TextValidity.check("x\u001F")).isEqualTo(new TextValidity.Problem("control-characters", "control character U+001F at line 1, column 2"));
    assertThat(TextValidity.check("a\uD800b")).isEqualTo(new TextValidity.Problem("unpaired-surrogate", "unpaired surrogate U+D800 at line 1, column 2"));
    assertThat(TextValidity.check("a\uDE00")).isEqualTo(new TextValidity.Problem("unpaired-surrogate", "unpaired surrogate U+DE00 at line 1, column 2"));
    assertThat(TextValidity.check("\uD83D")).isEqualTo(new TextValidity.Problem("unpaired-surrogate", "unpaired surrogate U+D83D at line 1, column 1"));
  }

  @Test
  void decodingMarksEveryBadSequenceByCharAndByteOffset() {
    byte[] bytes = {'a', (byte) 0xE9, 'b', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'c', (byte) 0xC3};
    DecodedBytes d = DecodedBytes.of(bytes, StandardCharsets.UTF_8);
    assertThat(d.text()).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    assertThat(d.badChars()).containsExactly(1, 5);
    assertThat(d.badBytes()).containsExactly(1L, 7L);
    assertThat(d.problem(0, 1)).isNull();
    assertThat(d.problem(2, 5)).as("a genuine U+FFFD is valid").isNull();
    assertThat(d.problem(0, 3)).isEqualTo(new TextValidity.Problem("undecodable", "invalid UTF-8 at byte 1"));
    assertThat(d.problem(4, 6)).isEqualTo(new TextValidity.Problem("undecodable", "invalid UTF-8 at byte 7"));
    assertThat(DecodedBytes.of("ok".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).isValid()).isTrue();
  }
}

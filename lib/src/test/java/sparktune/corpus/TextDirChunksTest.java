package sparktune.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextDirChunksTest {
  @Test
  void cutsAtBlankLinesIntoPiecesOfAtLeastTheGivenLength() {
    String text = "aaaa\n\nbbbb\r\n\r\ncccc\n  \ndddd\n\n\n\nee";
    assertThat(TextDirReader.chunks(text, 9)).containsExactly("aaaa\n\nbbbb", "cccc\n\ndddd", "ee");
  }

  @Test
  void neverSplitsAParagraph() {
    assertThat(TextDirReader.chunks("one long paragraph\nwith two lines\n\nshort", 5))
        .containsExactly("one long paragraph\nwith two lines", "short");
    assertThat(TextDirReader.chunks("x", 100)).isEqualTo(List.of("x"));
  }
}

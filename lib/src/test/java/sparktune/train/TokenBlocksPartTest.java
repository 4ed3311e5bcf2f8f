package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBlocksPartTest {
  static TokenBlocks blocks(int n) {
    List<int[]> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(new int[] {i, i, i});
    }
    return TokenBlocks.of(ids, 4, 0, 1000);
  }

  @Test
  void partsAreContiguousDisjointAndCoverEveryBlock() {
    TokenBlocks all = blocks(10);
    List<Integer> seen = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      TokenBlocks part = all.part(k, 4);
      assertThat(part.size()).isBetween(2, 3);
      for (int b = 0; b < part.size(); b++) {
        seen.add(part.decode(b)[0]);
        assertThat(part.lengths()[b]).isEqualTo(3);
      }
    }
    assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void onePartIsEverything() {
    assertThat(blocks(5).part(1, 1).size()).isEqualTo(5);
  }
}

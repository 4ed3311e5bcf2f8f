package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStreamTest {
  /** Block b holds ids 100b, 100b+1, ...; its length is given. */
  static TokenBlocks blocks(int blockSize, int... lengths) {
    List<int[]> out = new ArrayList<>();
    for (int b = 0; b < lengths.length; b++) {
      int[] ids = new int[lengths[b]];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 100 * b + i + 1;
      }
      out.add(ids);
    }
    return TokenBlocks.of(out, blockSize, 0, 1000);
  }

  @Test
  void targetsAreNextTokensAndPaddingIsMasked() {
    BatchStream s = new BatchStream(blocks(8, 5), 8, 1, 0, false);
    Batch b = s.next();
    assertThat(b.ids()).containsExactly(1, 2, 3, 4, 5, 0, 0, 0);
    assertThat(b.targets()).containsExactly(2, 3, 4, 5, 0, 0, 0, 0);
    assertThat(b.mask()).containsExactly(1, 1, 1, 1, 0, 0, 0, 0);
    assertThat(b.tokens()).isEqualTo(4);
  }

  @Test
  void blocksAreCutIntoSequenceWindows() {
    BatchStream s = new BatchStream(blocks(8, 8), 4, 2, 0, false);
    assertThat(s.sequences()).isEqualTo(2);
    Batch b = s.next();
    assertThat(b.ids()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(b.targets()).containsExactly(2, 3, 4, 5, 6, 7, 8, 0);
    assertThat(b.mask()).containsExactly(1, 1, 1, 1, 1, 1, 1, 0);
  }

  @Test
  void orderIsShuffledPerEpochDeterministicallyAndResumable() {
    TokenBlocks data = blocks(4, 4, 4, 4, 4, 4, 4, 4, 4);
    BatchStream a = new BatchStream(data, 4, 2, 42, true);
    List<Integer> epoch0 = new ArrayList<>();
    List<Integer> epoch1 = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Batch b = a.next();
      epoch0.add(b.ids()[0] / 100);
      epoch0.add(b.ids()[4] / 100);
    }
    DataCursor mid = null;
    for (int i = 0; i < 4; i++) {
      if (i == 2) {
        mid = a.cursor();
      }
      Batch b = a.next();
      epoch1.add(b.ids()[0] / 100);
      epoch1.add(b.ids()[4] / 100);
    }
    assertThat(epoch0).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(epoch1).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(epoch1).isNotEqualTo(epoch0);
    assertThat(mid).isEqualTo(new DataCursor(1, 4));

    BatchStream b = new BatchStream(data, 4, 2, 42, true);
    b.seek(mid);
    assertThat(b.next().ids()).containsExactly(Arrays.copyOf(idsOf(data, epoch1.get(4), epoch1.get(5)), 8));
    BatchStream other = new BatchStream(data, 4, 2, 43, true);
    List<Integer> otherOrder = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Batch x = other.next();
      otherOrder.add(x.ids()[0] / 100);
      otherOrder.add(x.ids()[4] / 100);
    }
    assertThat(otherOrder).isNotEqualTo(epoch0);
  }

  @Test
  void refusesSequencesLongerThanBlocks() {
    assertThatThrownBy(() -> new BatchStream(blocks(8, 8), 16, 1, 0, true))
        .hasMessage("Sequence length 16 must be 1..8 (the block size)");
  }

  private static int[] idsOf(TokenBlocks data, int first, int second) {
    int[] out = new int[8];
    System.arraycopy(data.decode(first), 0, out, 0, 4);
    System.arraycopy(data.decode(second), 0, out, 4, 4);
    return out;
  }
}

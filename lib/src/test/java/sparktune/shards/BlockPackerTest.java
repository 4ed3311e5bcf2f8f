package sparktune.shards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockPackerTest {
  static List<BlockPacker.Block> pack(List<BlockPacker.Document> docs, int blockSize) {
    List<BlockPacker.Block> out = new ArrayList<>();
    BlockPacker.pack(docs.iterator(), d -> d, blockSize, 0).forEachRemaining(out::add);
    return out;
  }

  @Test
  void packsLeftoverTokensIntoNextBlockAndPadsTheSourceTail() {
    List<BlockPacker.Block> blocks = pack(List.of(
        new BlockPacker.Document("a", new int[] {1, 2, 3}),
        new BlockPacker.Document("a", new int[] {4, 5}),
        new BlockPacker.Document("b", new int[] {6})), 4);
    assertThat(blocks).extracting(BlockPacker.Block::source).containsExactly("a", "a", "b");
    assertThat(blocks).extracting(BlockPacker.Block::index).containsExactly(0L, 1L, 0L);
    assertThat(blocks.get(0).ids()).containsExactly(1, 2, 3, 0);
    assertThat(blocks.get(1).ids()).containsExactly(4, 5, 0, 0);
    assertThat(blocks.get(1).length()).isEqualTo(3);
    assertThat(blocks.get(2).ids()).containsExactly(6, 0, 0, 0);
    assertThat(blocks.get(2).length()).isEqualTo(2);
  }

  @Test
  void exactlyFullBlockLeavesNoEmptyTail() {
    List<BlockPacker.Block> blocks = pack(List.of(new BlockPacker.Document("a", new int[] {1, 2, 3})), 4);
    assertThat(blocks).hasSize(1);
    assertThat(blocks.get(0).length()).isEqualTo(4);
  }
}

package sparktune.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import sparktune.train.TokenBlocks;

/** Learnable token blocks for training tests: each block counts up by 3 (mod V) from a random start. */
public final class CyclicBlocks {
  private CyclicBlocks() {}

  /** {@code count} full blocks of {@code blockSize} ids in [0, vocab), next = current + 3 mod vocab; EOS id 0. */
  public static TokenBlocks of(int count, int blockSize, int vocab, long seed) {
    Random r = new Random(seed);
    List<int[]> blocks = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      int[] ids = new int[blockSize];
      int start = r.nextInt(vocab);
      for (int i = 0; i < blockSize; i++) {
        ids[i] = (start + 3 * i) % vocab;
      }
      blocks.add(ids);
    }
    return TokenBlocks.of(blocks, blockSize, 0, vocab);
  }
}

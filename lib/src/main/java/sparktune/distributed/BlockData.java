package sparktune.distributed;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import sparktune.train.TokenBlocks;

/**
 * Training blocks in a serializable form, broadcast once per run to every executor (still encoded:
 * 2 or 4 bytes per id), so each worker can cut its own slice of any round.
 */
public record BlockData(byte[][] ids, int[] lengths, int idBytes, int blockSize, int eosId) implements Serializable {
  public static BlockData of(TokenBlocks blocks) {
    return new BlockData(blocks.ids().toArray(new byte[0][]), blocks.lengths(), blocks.idBytes(), blocks.blockSize(), blocks.eosId());
  }

  public TokenBlocks toTokenBlocks() {
    return new TokenBlocks(List.of(ids), lengths, idBytes, blockSize, eosId);
  }

  /** Encoded bytes held (what a broadcast ships). */
  public long bytes() {
    return Arrays.stream(ids).mapToLong(b -> b.length).sum();
  }
}

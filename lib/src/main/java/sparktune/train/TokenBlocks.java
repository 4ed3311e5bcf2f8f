package sparktune.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.shards.BlockCodec;
import sparktune.shards.ShardManifest;
import sparktune.shards.ShardSchema;
import sparktune.shards.Shards;

/**
 * Packed token blocks held in memory, still encoded ({@link BlockCodec}: 2 or 4 bytes per id), in a
 * deterministic order (source, block index).
 *
 * @param ids encoded ids of each block, blockSize ids each
 * @param lengths real tokens per block; later slots are padding
 * @param idBytes bytes per id
 * @param blockSize ids per block
 * @param eosId the padding/separator id
 */
public record TokenBlocks(List<byte[]> ids, int[] lengths, int idBytes, int blockSize, int eosId) {
  public TokenBlocks {
    if (ids.size() != lengths.length) {
      throw new IllegalArgumentException(ids.size() + " blocks but " + lengths.length + " lengths");
    }
  }

  /**
   * The blocks of {@code shards/<split>/} in memory, ordered by (source, block); only the given
   * sources when the list is not empty. Ids stay encoded until a batch needs them.
   */
  public static TokenBlocks read(SparkSession spark, String dir, ShardManifest manifest, List<String> sources) {
    List<Row> collected = Shards.blocks(spark, dir, sources).orderBy(ShardSchema.SOURCE, ShardSchema.BLOCK).collectAsList();
    List<byte[]> ids = new ArrayList<>(collected.size());
    int[] lengths = new int[collected.size()];
    for (int i = 0; i < collected.size(); i++) {
      Row r = collected.get(i);
      ids.add(r.getAs(ShardSchema.IDS));
      lengths[i] = r.<Integer>getAs(ShardSchema.LENGTH);
    }
    return new TokenBlocks(ids, lengths, manifest.idBytes(), manifest.blockSize(), manifest.eosId());
  }

  /** Builds blocks from plain id arrays (each padded with eosId to blockSize). */
  public static TokenBlocks of(List<int[]> blocks, int blockSize, int eosId, int vocabSize) {
    int idBytes = BlockCodec.idBytes(vocabSize);
    int[] lengths = new int[blocks.size()];
    List<byte[]> encoded = new java.util.ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      int[] b = blocks.get(i);
      int[] padded = java.util.Arrays.copyOf(b, blockSize);
      java.util.Arrays.fill(padded, Math.min(b.length, blockSize), blockSize, eosId);
      lengths[i] = Math.min(b.length, blockSize);
      encoded.add(BlockCodec.encode(padded, idBytes));
    }
    return new TokenBlocks(encoded, lengths, idBytes, blockSize, eosId);
  }

  /**
   * Part k (1-based) of n: the contiguous blocks [floor(size (k-1) / n), floor(size k / n)), so the n
   * parts are disjoint and cover every block.
   */
  public TokenBlocks part(int k, int n) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("part " + k + " of " + n);
    }
    int from = (int) ((long) size() * (k - 1) / n);
    int to = (int) ((long) size() * k / n);
    return new TokenBlocks(List.copyOf(ids.subList(from, to)), java.util.Arrays.copyOfRange(lengths, from, to), idBytes, blockSize, eosId);
  }

  public int size() {
    return lengths.length;
  }

  public int[] decode(int block) {
    return BlockCodec.decode(ids.get(block), idBytes);
  }

  /** Real tokens over all blocks. */
  public long tokens() {
    long n = 0;
    for (int l : lengths) {
      n += l;
    }
    return n;
  }
}

package sparktune.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import sparktune.shards.BlockCodec;
import sparktune.shards.ShardManifest;

/**
 * Writes synthetic token shards ({@code shards/train} and {@code shards/test}: Parquet in the shard
 * schema plus manifest.json) without a SparkSession, for benchmarks and cluster tests. Blocks follow a noisy rule (next = 3 * current
 * + 1 mod (V - 1), shifted by one with probability 1/8), so a small model's loss falls clearly but
 * not to zero. Id 0 is EOS unless another is given.
 */
public final class SyntheticShards {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message spark_schema { required binary source (STRING); required int64 block; required binary ids; required int32 length; }");

  private SyntheticShards() {}

  /** Writes {@code trainBlocks} and {@code testBlocks} blocks of {@code blockSize} ids, vocabulary {@code vocab}. */
  public static void write(Path warehouse, int vocab, int blockSize, int trainBlocks, int testBlocks) throws IOException {
    write(warehouse, vocab, blockSize, trainBlocks, testBlocks, "fixture", 0);
  }

  /**
   * As {@link #write(Path, int, int, int, int)}, with the manifest naming {@code tokenizer} (e.g.
   * the built-in {@code gpt2}, so that evaluation can decode generations) and its EOS id.
   */
  public static void write(Path warehouse, int vocab, int blockSize, int trainBlocks, int testBlocks, String tokenizer, int eosId)
      throws IOException {
    split(warehouse, "train", vocab, blockSize, trainBlocks, 1, tokenizer, eosId);
    split(warehouse, "test", vocab, blockSize, testBlocks, 2, tokenizer, eosId);
  }

  private static void split(Path warehouse, String split, int vocab, int blockSize, int blocks, long seed, String tokenizer, int eosId)
      throws IOException {
    Path dir = Files.createDirectories(warehouse.resolve("shards").resolve(split));
    Random r = new Random(seed);
    int idBytes = BlockCodec.idBytes(vocab);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(dir.resolve("part-00000.parquet").toUri()))
        .withType(SCHEMA).withConf(new Configuration()).build()) {
      for (int b = 0; b < blocks; b++) {
        int[] ids = new int[blockSize];
        ids[0] = 1 + r.nextInt(vocab - 1);
        for (int i = 1; i < blockSize; i++) {
          int next = (3 * ids[i - 1] + 1) % (vocab - 1) + 1;
          ids[i] = r.nextInt(8) == 0 ? next % (vocab - 1) + 1 : next;
        }
        w.write(groups.newGroup().append("source", "synthetic").append("block", (long) b)
            .append("ids", Binary.fromConstantByteArray(BlockCodec.encode(ids, idBytes))).append("length", blockSize));
      }
    }
    long tokens = (long) blocks * blockSize;
    ShardManifest m = new ShardManifest(split, tokenizer, "0".repeat(64), vocab, eosId, blockSize, idBytes, blocks, tokens, blocks, tokens * 2,
        tokens, Map.of("synthetic", Map.of("blocks", (long) blocks, "tokens", tokens, "documents", (long) blocks, "bytes", tokens * 2, "words", tokens)),
        1.0, 0, new ObjectMapper().createObjectNode(), "2026-01-01T00:00:00Z");
    Files.writeString(dir.resolve(ShardManifest.FILE), m.toJson());
  }
}

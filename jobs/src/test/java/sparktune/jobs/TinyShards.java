package sparktune.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import sparktune.shards.BlockCodec;
import sparktune.shards.ShardManifest;
import sparktune.shards.ShardSchema;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.Gpt2Vocabulary;

/** Test shards in the tokenize stage's format: documents tokenized with GPT-2, EOS-separated, packed per source. */
final class TinyShards {
  private TinyShards() {}

  /** Writes {@code <warehouse>/shards/test} (Parquet + manifest.json); returns the blocks' real tokens by source. */
  static Map<String, List<int[]>> write(SparkSession spark, Path warehouse, Map<String, List<String>> docsBySource, int blockSize) throws Exception {
    BpeTokenizer tok = Gpt2Vocabulary.tokenizer();
    int eos = Gpt2Vocabulary.EOS_ID;
    List<Row> rows = new ArrayList<>();
    Map<String, List<int[]>> real = new LinkedHashMap<>();
    Map<String, Map<String, Long>> perSource = new LinkedHashMap<>();
    long blocks = 0;
    long tokens = 0;
    long bytes = 0;
    long words = 0;
    for (Map.Entry<String, List<String>> e : docsBySource.entrySet()) {
      List<Integer> stream = new ArrayList<>();
      long b = 0;
      long w = 0;
      for (String doc : e.getValue()) {
        for (int id : tok.encodeOrdinary(doc)) {
          stream.add(id);
        }
        stream.add(eos);
        b += doc.getBytes(StandardCharsets.UTF_8).length;
        w += doc.trim().split("\\s+").length;
      }
      int n = 0;
      for (int start = 0; start < stream.size(); start += blockSize, n++) {
        int len = Math.min(blockSize, stream.size() - start);
        int[] ids = new int[blockSize];
        Arrays.fill(ids, eos);
        for (int i = 0; i < len; i++) {
          ids[i] = stream.get(start + i);
        }
        rows.add(RowFactory.create(e.getKey(), (long) n, BlockCodec.encode(ids, 2), len));
        real.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(Arrays.copyOf(ids, len));
      }
      perSource.put(e.getKey(), Map.of("blocks", (long) n, "tokens", (long) stream.size(), "documents", (long) e.getValue().size(),
          "bytes", b, "words", w));
      blocks += n;
      tokens += stream.size();
      bytes += b;
      words += w;
    }
    Path dir = warehouse.resolve("shards/test");
    spark.createDataFrame(rows, ShardSchema.SCHEMA).coalesce(1).write().parquet(dir.toString());
    long docs = docsBySource.values().stream().mapToLong(List::size).sum();
    ShardManifest m = new ShardManifest("test", "gpt2", tok.sha256(), Gpt2Vocabulary.EOS_ID + 1, eos, blockSize, 2, blocks, tokens, docs,
        bytes, words, perSource, (double) tokens / (blocks * blockSize), 0, new ObjectMapper().createObjectNode(), "2026-01-01T00:00:00Z");
    Files.writeString(dir.resolve(ShardManifest.FILE), m.toJson());
    return real;
  }
}

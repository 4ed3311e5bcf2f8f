package sparktune.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import sparktune.shards.BlockCodec;
import sparktune.shards.BlockPacker;
import sparktune.shards.ShardSchema;
import sparktune.spark.HadoopFiles;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.TokenizerCache;

/**
 * The transforms of tokenize: documents -> token ids -> blocks packed per source, written with
 * stable file names, and the per-source counts for the manifest.
 */
final class ShardPacking {
  private static final char KEY_SEPARATOR = '\u0000';

  private ShardPacking() {}

  /**
   * docs (doc_id, source, text) -> blocks as {@link ShardSchema} rows, one partition per source
   * (in {@code sources} order), documents in doc_id order:
   * <pre>
   * source    block  ids                 length
   * classics  0      <blockSize*idBytes>  1024
   * classics  1      <..., EOS, EOS>      311     (the source's last block, padded with EOS)
   * </pre>
   * Tokenizing runs on the input partitions (tokenizer from the per-JVM cache); only ids shuffle.
   */
  static JavaRDD<Row> blocks(Dataset<Row> docs, List<String> sources, Broadcast<String> tokenizerJson, String sha256,
      int blockSize, int eos, int idBytes) {
    JavaPairRDD<String, byte[]> tokenized = docs.select("doc_id", "source", "text").javaRDD().mapPartitionsToPair(rows -> {
      BpeTokenizer tok = TokenizerCache.get(sha256, tokenizerJson.value());
      List<Tuple2<String, byte[]>> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        String text = r.isNullAt(2) ? "" : r.getString(2);
        out.add(new Tuple2<>(r.getString(1) + KEY_SEPARATOR + r.getString(0), BlockCodec.encode(tok.encode(text), 4)));
      }
      return out.iterator();
    });
    JavaPairRDD<String, byte[]> ordered = tokenized.repartitionAndSortWithinPartitions(new SourcePartitioner(sources));
    return ordered.mapPartitions(docsInOrder -> {
      Iterator<BlockPacker.Block> packed = BlockPacker.pack(docsInOrder,
          t -> new BlockPacker.Document(t._1.substring(0, t._1.indexOf(KEY_SEPARATOR)), BlockCodec.decode(t._2, 4)), blockSize, eos);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return packed.hasNext();
        }

        @Override
        public Row next() {
          BlockPacker.Block b = packed.next();
          return RowFactory.create(b.source(), b.index(), BlockCodec.encode(b.ids(), idBytes), b.length());
        }
      };
    });
  }

  /** Sends every key {@code source \0 doc_id} to its source's partition. */
  static final class SourcePartitioner extends Partitioner {
    private final HashMap<String, Integer> index = new HashMap<>();

    SourcePartitioner(List<String> sources) {
      for (String s : sources) {
        index.put(s, index.size());
      }
    }

    @Override
    public int numPartitions() {
      return Math.max(1, index.size());
    }

    @Override
    public int getPartition(Object key) {
      String k = (String) key;
      return index.get(k.substring(0, k.indexOf(KEY_SEPARATOR)));
    }
  }

  /**
   * Replaces {@code dir} with the blocks as {@code part-00000.parquet ...} (one file per source, in
   * source order): Spark's part names carry a random job id, ours depend only on the input.
   */
  static void write(SparkSession spark, HadoopFiles files, JavaRDD<Row> blocks, String dir, long rowGroupBytes) {
    files.delete(dir);
    String tmp = dir + "/_writing";
    spark.createDataFrame(blocks, ShardSchema.SCHEMA).write()
        .option("parquet.block.size", rowGroupBytes)
        .option("compression", "snappy")
        .parquet(tmp);
    List<String> parts = new ArrayList<>();
    for (String p : files.list(tmp)) {
      String name = p.substring(p.lastIndexOf('/') + 1);
      if (name.startsWith("part-") && name.endsWith(".parquet")) {
        parts.add(p);
      }
    }
    parts.sort(null);
    for (int i = 0; i < parts.size(); i++) {
      files.rename(parts.get(i), dir + String.format("/part-%05d.parquet", i));
    }
    files.delete(tmp);
  }

  /**
   * Per source, in name order: {blocks, tokens, documents, bytes, words}; blocks and tokens from the
   * written shards, the rest from the documents (bytes: UTF-8 of text; words: whitespace-separated).
   */
  static Map<String, Map<String, Long>> perSource(SparkSession spark, Dataset<Row> docs, String dir) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Row r : docs.groupBy("source").agg(
        count(lit(1)).as("documents"),
        coalesce(sum(expr("octet_length(coalesce(text, ''))")), lit(0L)).as("bytes"),
        coalesce(sum(expr("size(filter(split(coalesce(text, ''), '\\\\s+'), w -> w != ''))")), lit(0L)).as("words")).collectAsList()) {
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("blocks", 0L);
      c.put("tokens", 0L);
      c.put("documents", r.getLong(1));
      c.put("bytes", r.getLong(2));
      c.put("words", r.getLong(3));
      out.put(r.getString(0), c);
    }
    Dataset<Row> shards = spark.read().schema(ShardSchema.SCHEMA).parquet(dir + "/part-*.parquet");
    for (Row r : shards.groupBy("source").agg(count(lit(1)), sum(col(ShardSchema.LENGTH))).collectAsList()) {
      Map<String, Long> c = out.get(r.getString(0));
      c.put("blocks", r.getLong(1));
      c.put("tokens", r.getLong(2));
    }
    return out;
  }
}

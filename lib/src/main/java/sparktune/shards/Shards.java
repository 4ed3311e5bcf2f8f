package sparktune.shards;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.spark.HadoopFiles;

/**
 * Reading shards written by tokenize: the manifest, the blocks, and the tokenizer check that train
 * and evaluate run before using them.
 */
public final class Shards {
  private Shards() {}

  /** {@code <dir>/manifest.json}; fails naming the directory when it is missing (tokenize not run). */
  public static ShardManifest manifest(HadoopFiles files, String dir) {
    String path = dir + "/" + ShardManifest.FILE;
    if (!files.exists(path)) {
      throw new IllegalArgumentException("No shards in " + dir + " (" + ShardManifest.FILE + " missing): run `sparktune tokenize` first");
    }
    return ShardManifest.parse(files.readString(path), path);
  }

  /** The blocks under {@code dir} with {@link ShardSchema#SCHEMA}, in file order. */
  public static Dataset<Row> read(SparkSession spark, String dir) {
    return spark.read().schema(ShardSchema.SCHEMA).parquet(dir + "/part-*.parquet");
  }

  /** The ids of one block row (its full block-size ids; positions from {@code length} on are padding). */
  public static int[] ids(Row block, int idBytes) {
    return BlockCodec.decode(block.getAs(ShardSchema.IDS), idBytes);
  }

  /**
   * Fails unless the shards were built with the model's tokenizer.
   *
   * @param modelTokenizerSha256 sha256 of the model's tokenizer ({@code BpeTokenizer#sha256()})
   * @param modelVocabSize its vocabulary size
   * @param modelLocation the model directory, named in the advice
   */
  public static void requireTokenizer(ShardManifest m, String dir, String modelTokenizerSha256, int modelVocabSize, String modelLocation) {
    if (!m.tokenizerSha256().equals(modelTokenizerSha256) || m.vocabSize() != modelVocabSize) {
      throw new IllegalArgumentException("Shards in " + dir + " were built with tokenizer " + m.tokenizerSha256() + " (vocab " + m.vocabSize()
          + ") but the model's tokenizer is " + modelTokenizerSha256 + " (vocab " + modelVocabSize
          + "): re-run tokenize with tokenize.tokenizer = " + modelLocation);
    }
  }
}

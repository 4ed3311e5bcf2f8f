package sparktune.shards;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import java.util.List;
import org.apache.spark.sql.functions;
import sparktune.config.ConfigError;
import sparktune.spark.HadoopFiles;

/** Reading the shards tokenize wrote ({@code shards/<split>/}: Parquet in {@link ShardSchema} + manifest.json), for train and evaluate. */
public final class Shards {
  private Shards() {}

  /** {@code <dir>/manifest.json}. */
  public static String manifestPath(String dir) {
    return dir + "/" + ShardManifest.FILE;
  }

  /** The split's manifest; a configuration error naming the directory when tokenize has not written it. */
  public static ShardManifest manifest(HadoopFiles files, String dir) {
    String path = manifestPath(dir);
    if (!files.exists(path)) {
      throw new ConfigError("No token shards at " + dir + " (missing " + ShardManifest.FILE + "): run `sparktune tokenize` first");
    }
    return ShardManifest.parse(files.readString(path), path);
  }

  /** The blocks under {@code dir} with {@link ShardSchema#SCHEMA} (manifest.json beside them is skipped). */
  public static Dataset<Row> blocks(SparkSession spark, String dir) {
    return spark.read().schema(ShardSchema.SCHEMA).option("pathGlobFilter", "*.parquet").parquet(dir);
  }

  /** The blocks of the given sources only; all of them when {@code sources} is empty. */
  public static Dataset<Row> blocks(SparkSession spark, String dir, List<String> sources) {
    Dataset<Row> rows = blocks(spark, dir);
    return sources.isEmpty() ? rows : rows.where(functions.col(ShardSchema.SOURCE).isin(sources.toArray()));
  }

  /** The ids of one block row (its full block-size ids; positions from {@code length} on are padding). */
  public static int[] ids(Row block, int idBytes) {
    return BlockCodec.decode(block.getAs(ShardSchema.IDS), idBytes);
  }
}

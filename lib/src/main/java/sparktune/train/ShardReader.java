package sparktune.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import sparktune.shards.ShardManifest;
import sparktune.shards.ShardSchema;
import sparktune.spark.HadoopFiles;

/** Reads {@code shards/<split>/} (Parquet in {@link ShardSchema} + manifest.json) into memory. */
public final class ShardReader {
  private ShardReader() {}

  /** The split's manifest; a clear error when the split has not been tokenized. */
  public static ShardManifest manifest(HadoopFiles files, String dir) {
    String path = dir + "/" + ShardManifest.FILE;
    if (!files.exists(path)) {
      throw new sparktune.config.ConfigError("No token shards at " + dir + " (missing " + ShardManifest.FILE + "): run `sparktune tokenize` first");
    }
    return ShardManifest.parse(files.readString(path), path);
  }

  /**
   * The blocks of the split, ordered by (source, block); only the given sources when the list is
   * not empty. Ids stay encoded until a batch needs them.
   */
  public static TokenBlocks read(SparkSession spark, String dir, ShardManifest manifest, List<String> sources) {
    // manifest.json sits beside the Parquet files: read only *.parquet
    Dataset<Row> rows = spark.read().schema(ShardSchema.SCHEMA).option("pathGlobFilter", "*.parquet").parquet(dir);
    if (!sources.isEmpty()) {
      rows = rows.where(functions.col(ShardSchema.SOURCE).isin(sources.toArray()));
    }
    List<Row> collected = rows.orderBy(ShardSchema.SOURCE, ShardSchema.BLOCK).collectAsList();
    List<byte[]> ids = new ArrayList<>(collected.size());
    int[] lengths = new int[collected.size()];
    for (int i = 0; i < collected.size(); i++) {
      Row r = collected.get(i);
      ids.add(r.getAs(ShardSchema.IDS));
      lengths[i] = r.<Integer>getAs(ShardSchema.LENGTH);
    }
    return new TokenBlocks(ids, lengths, manifest.idBytes(), manifest.blockSize(), manifest.eosId());
  }
}

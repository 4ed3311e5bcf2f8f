package sparktune.shards;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One Parquet row per packed block under {@code shards/<split>/}:
 * <pre>
 * source STRING   the source the block's documents came from (a block never mixes sources)
 * block  LONG     index of the block within its source, 0.. (deterministic order)
 * ids    BINARY   block-size token ids, little-endian, {@link BlockCodec} width (2 bytes when the
 *                 vocabulary fits in uint16, else 4); slots past {@code length} hold the EOS id
 * length INT      real tokens in the block (block-size except for a source's final padded block)
 * </pre>
 * Example row: {@code ("classics", 17, <256 bytes>, 128)}.
 */
public final class ShardSchema {
  public static final String SOURCE = "source";
  public static final String BLOCK = "block";
  public static final String IDS = "ids";
  public static final String LENGTH = "length";

  public static final StructType SCHEMA = new StructType()
      .add(SOURCE, DataTypes.StringType, false)
      .add(BLOCK, DataTypes.LongType, false)
      .add(IDS, DataTypes.BinaryType, false)
      .add(LENGTH, DataTypes.IntegerType, false);

  private ShardSchema() {}
}

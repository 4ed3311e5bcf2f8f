package sparktune.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;

/**
 * Whether the shards on disk are what tokenize would write now: both splits' manifests record the
 * current clean version, the same {@code tokenize} settings and the same tokenizer, and every
 * source's Parquet file is present. Tokenizing is deterministic, so a rerun would write the same
 * bytes; a scheduled refresh with nothing new then skips the whole pass.
 */
final class ShardFreshness {
  private ShardFreshness() {}

  /**
   * The manifests of {@code splits} when all are current, else null.
   *
   * @param tokenize the resolved {@code tokenize} section as JSON
   * @param tokenizerSha256 the sha256 of the tokenizer tokenize would use (null: not known yet, i.e.
   *     no trained tokenizer on disk)
   */
  static List<ShardManifest> current(HadoopFiles files, Warehouse wh, List<String> splits, long cleanVersion, JsonNode tokenize,
      String tokenizerSha256) {
    if (tokenizerSha256 == null) {
      return null;
    }
    List<ShardManifest> out = new ArrayList<>();
    for (String split : splits) {
      String dir = wh.shards(split);
      String path = dir + "/" + ShardManifest.FILE;
      if (!files.exists(path)) {
        return null;
      }
      ShardManifest m;
      try {
        m = ShardManifest.parse(files.readString(path), path);
      } catch (IllegalArgumentException e) {
        return null; // unreadable: rebuild
      }
      JsonNode recorded = m.config() == null ? null : m.config().get("tokenize");
      if (m.cleanVersion() != cleanVersion || !tokenize.equals(recorded) || !tokenizerSha256.equals(m.tokenizerSha256())
          || parquetFiles(files, dir) != m.perSource().size()) {
        return null;
      }
      out.add(m);
    }
    return out;
  }

  private static long parquetFiles(HadoopFiles files, String dir) {
    return files.list(dir).stream().map(p -> p.substring(p.lastIndexOf('/') + 1))
        .filter(n -> n.startsWith("part-") && n.endsWith(".parquet")).count();
  }
}

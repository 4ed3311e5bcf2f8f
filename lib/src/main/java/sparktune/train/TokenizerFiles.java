package sparktune.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.config.ConfigError;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;

/**
 * The tokenizer files that travel with a model directory, and the check that shards were made with
 * the model's tokenizer (same tokenizer.json bytes, by sha256).
 */
public final class TokenizerFiles {
  /** Files a Hugging Face model directory may carry for its tokenizer. */
  public static final List<String> NAMES = List.of("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json");

  private TokenizerFiles() {}

  /** Name -> path of the tokenizer files present in a directory (local or Hadoop URI). */
  public static Map<String, String> in(HadoopFiles files, String dir) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : NAMES) {
      if (files.exists(dir + "/" + name)) {
        out.put(name, dir + "/" + name);
      }
    }
    return out;
  }

  /** The tokenizer files named by a shard manifest: its tokenizer.json, or a directory's files. */
  public static Map<String, String> ofManifest(HadoopFiles files, ShardManifest manifest) {
    String path = manifest.tokenizerPath();
    if (path == null || path.isBlank() || !files.exists(path)) {
      return Map.of();
    }
    if (path.endsWith(".json")) {
      return Map.of("tokenizer.json", path);
    }
    return in(files, path);
  }

  /**
   * Refuses shards whose tokenizer differs from the model directory's tokenizer.json. A model
   * directory without tokenizer.json is accepted (only the vocabulary size is checked later).
   */
  public static void checkMatch(HadoopFiles files, String modelDir, String shardsDir, ShardManifest manifest) {
    String tokenizer = modelDir + "/tokenizer.json";
    if (!files.exists(tokenizer) || manifest.tokenizerSha256() == null) {
      return;
    }
    String sha = Checkpoints.sha256(files.open(tokenizer));
    if (!sha.equals(manifest.tokenizerSha256())) {
      throw new ConfigError("Tokenizer mismatch: shards " + shardsDir + " were built with " + manifest.tokenizerPath()
          + " (sha256 " + manifest.tokenizerSha256() + ") but model.init " + modelDir + " has tokenizer.json with sha256 " + sha
          + ": re-run tokenize with tokenize.tokenizer = " + modelDir);
    }
  }
}

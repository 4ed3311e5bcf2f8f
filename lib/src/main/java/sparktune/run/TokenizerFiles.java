package sparktune.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.config.ConfigError;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.Tokenizers;

/**
 * The tokenizer files that travel with a model directory, and the check that shards were made with
 * the model's tokenizer. Two tokenizers are the same when their canonical serialization
 * ({@link BpeTokenizer#sha256()}) is: a pretty-printed Hugging Face {@code tokenizer.json}, the
 * {@code vocab.json} + {@code merges.txt} pair of the same GPT-2 and sparktune's own output all
 * have one identity.
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

  /** True when the files hold a tokenizer: tokenizer.json, or vocab.json + merges.txt. */
  static boolean holdsTokenizer(Map<String, String> found) {
    return found.containsKey(Tokenizers.TOKENIZER_JSON) || (found.containsKey(Tokenizers.VOCAB_JSON) && found.containsKey(Tokenizers.MERGES_TXT));
  }

  /**
   * Refuses shards whose tokenizer encodes differently from the model directory's (its
   * tokenizer.json, else its vocab.json + merges.txt), comparing canonical identities. A model
   * directory without tokenizer files is accepted (only the vocabulary size is checked later).
   */
  public static void checkMatch(HadoopFiles files, String modelDir, String shardsDir, ShardManifest manifest) {
    Map<String, String> own = in(files, modelDir);
    if (!holdsTokenizer(own) || manifest.tokenizerSha256() == null) {
      return;
    }
    String sha;
    try {
      sha = Tokenizers.load(files, modelDir).sha256();
    } catch (ConfigError e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw ConfigError.invalid("model.init", modelDir, "its tokenizer cannot be read: " + e.getMessage());
    }
    if (!sha.equals(manifest.tokenizerSha256())) {
      String which = own.containsKey(Tokenizers.TOKENIZER_JSON) ? "tokenizer.json" : "vocab.json + merges.txt";
      throw new ConfigError("Tokenizer mismatch: shards " + shardsDir + " were built with " + manifest.tokenizerPath()
          + " (sha256 " + manifest.tokenizerSha256() + ") but model.init " + modelDir + " has " + which + " with sha256 " + sha
          + ": re-run tokenize with tokenize.tokenizer = " + modelDir);
    }
  }

  /**
   * The tokenizer files every checkpoint of a run carries: {@code chosen} when it holds a
   * tokenizer; otherwise the tokenizer the shards were built with, checked against the manifest's
   * identity. The built-in {@code gpt2}, which has no files, is written into {@code scratch} as
   * tokenizer.json, vocab.json and merges.txt. Empty only when the manifest names no tokenizer
   * that exists.
   *
   * @param chosen name -> path of the files found so far (model.init's, or the manifest's)
   * @param scratch a local directory that outlives training (deleted by the caller afterwards)
   */
  public static Map<String, String> forCheckpoints(HadoopFiles files, ShardManifest manifest, Map<String, String> chosen, Path scratch) {
    if (holdsTokenizer(chosen)) {
      return chosen;
    }
    String path = manifest.tokenizerPath();
    boolean builtIn = "gpt2".equals(path);
    if (path == null || (!builtIn && !files.exists(path))) {
      return chosen;
    }
    BpeTokenizer tok = Tokenizers.load(files, path);
    if (manifest.tokenizerSha256() != null && !tok.sha256().equals(manifest.tokenizerSha256())) {
      throw new ConfigError("Tokenizer " + path + " changed since tokenize ran: the shards' manifest records sha256 "
          + manifest.tokenizerSha256() + ", the files now give " + tok.sha256() + ": re-run tokenize");
    }
    if (!builtIn) {
      Map<String, String> out = new LinkedHashMap<>(chosen);
      out.putAll(ofManifest(files, manifest));
      return out;
    }
    try {
      Path dir = Files.createDirectories(scratch.resolve("tokenizer"));
      String[] vocabAndMerges = Tokenizers.toVocabAndMerges(tok);
      Map<String, String> out = new LinkedHashMap<>(chosen);
      out.put(Tokenizers.TOKENIZER_JSON, write(dir.resolve(Tokenizers.TOKENIZER_JSON), tok.toJson()));
      out.put(Tokenizers.VOCAB_JSON, write(dir.resolve(Tokenizers.VOCAB_JSON), vocabAndMerges[0]));
      out.put(Tokenizers.MERGES_TXT, write(dir.resolve(Tokenizers.MERGES_TXT), vocabAndMerges[1]));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the gpt2 tokenizer files into " + scratch, e);
    }
  }

  private static String write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    return file.toUri().toString();
  }
}

package sparktune.tokenizer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokenizers built once per JVM (executors included), keyed by {@link BpeTokenizer#sha256()}, so
 * tasks share one instance instead of parsing a 2 MB tokenizer.json per partition.
 */
public final class TokenizerCache {
  private static final ConcurrentHashMap<String, BpeTokenizer> CACHE = new ConcurrentHashMap<>();

  private TokenizerCache() {}

  /** The tokenizer with this sha256, parsed from {@code json} on first use in this JVM. */
  public static BpeTokenizer get(String sha256, String json) {
    return CACHE.computeIfAbsent(sha256, k -> TokenizerJson.read(json, "tokenizer " + k));
  }

  /** Registers a tokenizer already built in this JVM (the driver; in local mode also the executor). */
  public static void put(BpeTokenizer tokenizer) {
    CACHE.putIfAbsent(tokenizer.sha256(), tokenizer);
  }
}

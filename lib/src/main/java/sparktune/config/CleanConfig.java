package sparktune.config;

/**
 * {@code clean}: normalization, quality filters and dedup. Defaults in {@code conf/sparktune.conf}.
 *
 * @param minChars shorter cleaned texts are rejected (default 64)
 * @param maxSymbolRatio share of symbol characters above which a text is rejected (default 0.25)
 * @param minMeanWordLength lower bound of the mean word length (default 2.0)
 * @param maxMeanWordLength upper bound of the mean word length (default 15.0)
 * @param maxRepeatedLineShare share of repeated non-empty lines above which a text is rejected (default 0.5)
 * @param nearDuplicateThreshold estimated Jaccard similarity that makes two texts near-duplicates (default 0.8)
 * @param shingleSize words per shingle for MinHash (default 5)
 * @param minhashTables LSH hash tables (default 8)
 */
public record CleanConfig(
    int minChars,
    double maxSymbolRatio,
    double minMeanWordLength,
    double maxMeanWordLength,
    double maxRepeatedLineShare,
    double nearDuplicateThreshold,
    int shingleSize,
    int minhashTables) {

  public CleanConfig {
    if (minMeanWordLength > maxMeanWordLength) {
      throw ConfigError.invalid("clean.min-mean-word-length", minMeanWordLength, "must be <= clean.max-mean-word-length " + maxMeanWordLength);
    }
  }

  static CleanConfig from(Settings s) {
    return new CleanConfig(
        s.intIn("min-chars", 0, 1_000_000),
        s.doubleIn("max-symbol-ratio", 0, 1),
        s.doubleIn("min-mean-word-length", 0, 1000),
        s.doubleIn("max-mean-word-length", 0, 1000),
        s.doubleIn("max-repeated-line-share", 0, 1),
        s.doubleIn("near-duplicate-threshold", 0.1, 1),
        s.intIn("shingle-size", 1, 64),
        s.intIn("minhash-tables", 1, 256));
  }
}

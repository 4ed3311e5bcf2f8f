package sparktune.config;

/**
 * {@code split}: the deterministic train/test split.
 *
 * @param seed mixes into the hash that assigns a split (default 0)
 * @param testFraction share of documents in test (default 0.2)
 */
public record SplitConfig(long seed, double testFraction) {
  static SplitConfig from(Settings s) {
    return new SplitConfig(s.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE), s.doubleIn("test-fraction", 0.0, 0.9));
  }
}

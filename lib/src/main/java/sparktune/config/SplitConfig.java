package sparktune.config;

/**
 * {@code split}: the deterministic train/test split.
 *
 * @param seed mixes into the hash that assigns a split (default 0)
 * @param testFraction share of documents in test (default 0.2)
 * @param clusterThreshold estimated Jaccard similarity that puts documents in one cluster, which
 *     lands on one side of the split (default 0.5)
 */
public record SplitConfig(long seed, double testFraction, double clusterThreshold) {
  static SplitConfig from(Settings s) {
    return new SplitConfig(
        s.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.doubleIn("test-fraction", 0.0, 0.9),
        s.doubleIn("cluster-threshold", 0.1, 1));
  }
}

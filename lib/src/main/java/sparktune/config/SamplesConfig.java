package sparktune.config;

/**
 * {@code samples}: the generated sample corpora.
 *
 * @param sizeBytes approximate total size of all generated text (default 2MB)
 * @param seed generator seed; the same seed gives the same bytes (default 42)
 */
public record SamplesConfig(long sizeBytes, long seed) {
  static SamplesConfig from(Settings s) {
    return new SamplesConfig(s.bytesIn("size", 10_000, 64L << 30), s.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE));
  }
}

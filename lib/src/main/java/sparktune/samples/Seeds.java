package sparktune.samples;

/** Derives independent stream seeds from (seed, stream, index) with the SplitMix64 finalizer. */
final class Seeds {
  private Seeds() {}

  static long mix(long seed, long stream, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (stream * 0x100000001B3L + index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package sparktune.prep;

import sparktune.text.Hashes;

/** The split of a key (a doc_id or a cluster's smallest doc_id): test when hash(seed, key) in [0,1) is below the test fraction. */
public final class SplitRule {
  private SplitRule() {}

  /** A uniform value in [0, 1) determined by seed and key alone. */
  public static double bucket(long seed, String key) {
    long h = Hashes.mix64(Hashes.fnv64(key) ^ Hashes.mix64(seed));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** {@code test} or {@code train}. */
  public static String split(long seed, String key, double testFraction) {
    return bucket(seed, key) < testFraction ? "test" : "train";
  }
}

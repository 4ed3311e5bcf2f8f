package sparktune.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MinHash signatures over word shingles, and LSH band keys for finding candidate near-duplicates.
 *
 * <p>Words are the lower-cased runs of letters and digits; a shingle is {@code shingleSize}
 * consecutive words (a text with fewer words is one shingle). Signature value {@code i} is the
 * minimum over shingles of a seeded 64-bit mix of the shingle's hash, so the share of equal values
 * between two signatures estimates the Jaccard similarity of their shingle sets. For LSH the first
 * {@code bands * rows} values are cut into {@code bands} bands of {@code rows} values; two texts that
 * agree on a whole band are candidates. {@code rows} is the largest value for which a pair at the
 * threshold similarity becomes a candidate with probability at least 0.95
 * (1 - (1 - t^rows)^bands >= 0.95), so few true pairs are missed; candidates are then checked
 * against the full signature.
 */
public final class MinHasher implements Serializable {
  /** Signature length: bounds the standard error of the similarity estimate to about 0.045. */
  public static final int MIN_HASHES = 128;
  private final int shingleSize;
  private final int bands;
  private final int rows;
  private final long[] seeds;

  /**
   * @param shingleSize words per shingle
   * @param bands LSH bands (hash tables)
   * @param threshold the similarity the banding is tuned for, in (0, 1]
   */
  public MinHasher(int shingleSize, int bands, double threshold) {
    this.shingleSize = shingleSize;
    this.bands = bands;
    this.rows = rowsPerBand(bands, threshold);
    this.seeds = new long[Math.max(MIN_HASHES, bands * rows)];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = Hashes.mix64(0x9E3779B97F4A7C15L * (i + 1));
    }
  }

  /** Largest rows per band (1..32) with candidate probability >= 0.95 at similarity {@code threshold}. */
  public static int rowsPerBand(int bands, double threshold) {
    int best = 1;
    for (int r = 1; r <= 32; r++) {
      if (1 - Math.pow(1 - Math.pow(threshold, r), bands) >= 0.95) {
        best = r;
      }
    }
    return best;
  }

  public int rows() {
    return rows;
  }

  /** Words per shingle. */
  public int shingleSize() {
    return shingleSize;
  }

  /** Values per signature: at least {@link #MIN_HASHES}, more when the bands need them. */
  public int numHashes() {
    return seeds.length;
  }

  /** The signature, or null for a text without any word (it has no near-duplicates). */
  public long[] signature(String text) {
    Set<Long> shingles = shingleHashes(text);
    if (shingles.isEmpty()) {
      return null;
    }
    long[] sig = new long[seeds.length];
    Arrays.fill(sig, Long.MAX_VALUE);
    for (long h : shingles) {
      for (int i = 0; i < seeds.length; i++) {
        long v = Hashes.mix64(h ^ seeds[i]);
        if (v < sig[i]) {
          sig[i] = v;
        }
      }
    }
    return sig;
  }

  /** One key per band; equal keys in the same band position make a candidate pair. */
  public long[] bandKeys(long[] signature) {
    long[] keys = new long[bands];
    for (int b = 0; b < bands; b++) {
      long h = Hashes.mix64(b + 1);
      for (int r = 0; r < rows; r++) {
        h = Hashes.mix64(h ^ signature[b * rows + r]);
      }
      keys[b] = h;
    }
    return keys;
  }

  /** Estimated Jaccard similarity: the share of equal positions of two signatures. */
  public static double similarity(long[] a, long[] b) {
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }

  Set<Long> shingleHashes(String text) {
    List<String> words = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    Set<Long> out = new HashSet<>();
    if (words.isEmpty()) {
      return out;
    }
    int k = Math.min(shingleSize, words.size());
    for (int i = 0; i + k <= words.size(); i++) {
      out.add(Hashes.fnv64(String.join(" ", words.subList(i, i + k))));
    }
    return out;
  }
}

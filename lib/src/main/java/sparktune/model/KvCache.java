package sparktune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Past attention keys and values for incremental decoding: per layer k, v of shape
 * (B, nh, T_past, hs). The arrays live in the cache's own sub-manager, so a generation loop can
 * run each step in a scratch manager that it closes after the step while the cache survives.
 *
 * <pre>{@code
 * try (KvCache cache = model.newCache(manager)) {
 *   NDArray ids = prompt;                                     // (B, T0)
 *   for (int i = 0; i < steps; i++) {
 *     try (NDManager step = manager.newSubManager()) {
 *       ids.attach(step);                                     // temporaries follow the first operand
 *       NDArray logits = model.logits(ids, cache, null);      // (B, T, V); cache grows by T
 *       ids = pickNext(logits) ...;                           // (B, 1), attach to the outer manager
 *     }
 *   }
 * }
 * }</pre>
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  /** An empty cache for {@code nLayer} layers, its arrays in a sub-manager of {@code parent}. */
  public KvCache(int nLayer, NDManager parent) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[nLayer];
    this.values = new NDArray[nLayer];
  }

  /** Cached positions T_past (also the position offset of the next token). */
  public int length() {
    return length;
  }

  /** Layer's past keys (B, nh, T_past, hs), or null while empty. */
  public NDArray key(int layer) {
    return keys[layer];
  }

  /** Layer's past values (B, nh, T_past, hs), or null while empty. */
  public NDArray value(int layer) {
    return values[layer];
  }

  /** Replaces a layer's k, v (already including the past) and takes ownership of them. */
  void update(int layer, NDArray k, NDArray v) {
    NDArray oldK = keys[layer];
    NDArray oldV = values[layer];
    k.attach(manager);
    v.attach(manager);
    keys[layer] = k;
    values[layer] = v;
    if (oldK != null && oldK != k) {
      oldK.close();
    }
    if (oldV != null && oldV != v) {
      oldV.close();
    }
  }

  /** Records that {@code t} new positions were appended to every layer. */
  void advance(int t) {
    length += t;
  }

  /**
   * Reorders (or repeats) the batch rows, as beam search does after choosing beams:
   * row b of the result is row {@code index[b]} of the old cache; the batch size becomes
   * {@code index.length}.
   */
  public void reorder(long[] index) {
    try (NDManager tmp = manager.newSubManager()) {
      NDArray idx = tmp.create(index);
      for (int l = 0; l < keys.length; l++) {
        if (keys[l] != null) {
          update(l, keys[l].get(new NDIndex("{}", idx)), values[l].get(new NDIndex("{}", idx)));
        }
      }
    }
  }

  /**
   * Drops the first {@code n} cached positions of every row and layer (left padding that no row
   * still needs): T_past becomes T_past - n.
   */
  public void dropFront(int n) {
    if (n <= 0) {
      return;
    }
    if (n > length) {
      throw new IllegalArgumentException("Cannot drop " + n + " positions from a cache of " + length);
    }
    for (int l = 0; l < keys.length; l++) {
      if (keys[l] != null) {
        update(l, keys[l].get(new NDIndex(":, :, {}:, :", n)), values[l].get(new NDIndex(":, :, {}:, :", n)));
      }
    }
    length -= n;
  }

  /** Frees the cached arrays. */
  @Override
  public void close() {
    manager.close();
  }
}

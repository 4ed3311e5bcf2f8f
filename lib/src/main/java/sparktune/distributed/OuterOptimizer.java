package sparktune.distributed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The driver's outer step on flat fp32 tensors. Workers return deltas {@code global - local}; their
 * mean is treated as a pseudo-gradient {@code g}:
 * <pre>
 * average:  global -= lr * g                          (lr 1: the mean of the workers' weights)
 * nesterov: m = mu * m + g;  global -= lr * (g + mu * m)   (PyTorch SGD with nesterov=True)
 * </pre>
 * The momentum buffer is state to checkpoint ({@link #momentum()}); it starts at zero.
 */
public final class OuterOptimizer {
  /** Outer optimizer kinds, as spelled in {@code train.outer}. */
  public static final String AVERAGE = "average";
  public static final String NESTEROV = "nesterov";

  private final String kind;
  private final double lr;
  private final double mu;
  private final Map<String, float[]> momentum = new LinkedHashMap<>();

  /**
   * @param kind {@link #AVERAGE} or {@link #NESTEROV}
   * @param lr outer learning rate (DiLoCo: 0.7)
   * @param mu momentum (DiLoCo: 0.9); unused by average
   */
  public OuterOptimizer(String kind, double lr, double mu) {
    if (!kind.equals(AVERAGE) && !kind.equals(NESTEROV)) {
      throw new IllegalArgumentException("Unknown outer optimizer '" + kind + "' (expected average or nesterov)");
    }
    this.kind = kind;
    this.lr = lr;
    this.mu = mu;
  }

  /**
   * Updates {@code global} in place from the workers' mean delta.
   *
   * @param global tensors by name, updated in place
   * @param meanDelta mean over workers of {@code global - local}, same names and sizes
   */
  public void step(Map<String, float[]> global, Map<String, float[]> meanDelta) {
    for (Map.Entry<String, float[]> e : global.entrySet()) {
      float[] w = e.getValue();
      float[] g = meanDelta.get(e.getKey());
      if (g == null || g.length != w.length) {
        throw new IllegalArgumentException("Delta for " + e.getKey() + " is missing or has "
            + (g == null ? 0 : g.length) + " values, expected " + w.length);
      }
      if (kind.equals(AVERAGE)) {
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (w[i] - lr * g[i]);
        }
      } else {
        float[] m = momentum.computeIfAbsent(e.getKey(), k -> new float[w.length]);
        for (int i = 0; i < w.length; i++) {
          double mi = mu * m[i] + g[i];
          m[i] = (float) mi;
          w[i] = (float) (w[i] - lr * (g[i] + mu * mi));
        }
      }
    }
  }

  /** The momentum buffer by tensor name (empty before the first nesterov step, and for average). */
  public Map<String, float[]> momentum() {
    return momentum;
  }

  /** Restores a momentum buffer saved from {@link #momentum()}. */
  public void restore(Map<String, float[]> saved) {
    momentum.clear();
    saved.forEach((k, v) -> momentum.put(k, v.clone()));
  }

  /**
   * Running mean of worker deltas: {@code add} each worker's delta, then {@link #mean()}. Keeps one
   * buffer the size of the model, so the driver never holds all workers' deltas at once.
   */
  public static final class DeltaMean {
    private final Map<String, float[]> sum = new LinkedHashMap<>();
    private int count;

    public void add(Map<String, float[]> delta) {
      for (Map.Entry<String, float[]> e : delta.entrySet()) {
        float[] s = sum.computeIfAbsent(e.getKey(), k -> new float[e.getValue().length]);
        float[] d = e.getValue();
        if (d.length != s.length) {
          throw new IllegalArgumentException("Delta for " + e.getKey() + " has " + d.length + " values, expected " + s.length);
        }
        for (int i = 0; i < s.length; i++) {
          s[i] += d[i];
        }
      }
      count++;
    }

    public int count() {
      return count;
    }

    /** The mean so far (divides the sums in place; call once). */
    public Map<String, float[]> mean() {
      if (count == 0) {
        throw new IllegalStateException("No worker deltas to average");
      }
      for (float[] s : sum.values()) {
        for (int i = 0; i < s.length; i++) {
          s[i] /= count;
        }
      }
      return sum;
    }
  }
}

package sparktune.distributed;

/**
 * The outer step on flat fp32 arrays (one shard of the global weights, {@link ShardExchange}).
 * Workers return deltas {@code global - local}; their mean is treated as a pseudo-gradient {@code g}:
 * <pre>
 * average:  global -= lr * g                          (lr 1: the mean of the workers' weights)
 * nesterov: m = mu * m + g;  global -= lr * (g + mu * m)   (PyTorch SGD with nesterov=True)
 * </pre>
 * The momentum {@code m} starts at zero and is state to keep between rounds and in checkpoints.
 */
public final class OuterOptimizer {
  /** Outer optimizer kinds, as spelled in {@code train.outer}. */
  public static final String AVERAGE = "average";
  public static final String NESTEROV = "nesterov";

  private OuterOptimizer() {}

  /**
   * Updates {@code w} (and for nesterov {@code m}) in place.
   *
   * @param kind {@link #AVERAGE} or {@link #NESTEROV}
   * @param lr outer learning rate (DiLoCo: 0.7)
   * @param mu momentum (DiLoCo: 0.9); unused by average
   * @param w weights
   * @param g mean delta, same length
   * @param m momentum for nesterov, same length; ignored (may be null) for average
   */
  public static void step(String kind, double lr, double mu, float[] w, float[] g, float[] m) {
    if (g.length != w.length || (kind.equals(NESTEROV) && m.length != w.length)) {
      throw new IllegalArgumentException("Delta of " + g.length + " values for " + w.length + " weights");
    }
    if (kind.equals(AVERAGE)) {
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (w[i] - lr * g[i]);
      }
    } else if (kind.equals(NESTEROV)) {
      for (int i = 0; i < w.length; i++) {
        double mi = mu * m[i] + g[i];
        m[i] = (float) mi;
        w[i] = (float) (w[i] - lr * (g[i] + mu * mi));
      }
    } else {
      throw new IllegalArgumentException("Unknown outer optimizer '" + kind + "' (expected average or nesterov)");
    }
  }
}

package sparktune.train;

/**
 * Dynamic loss scaling for fp16 mixed precision. The loss is multiplied by {@link #scale()} before
 * backward so small gradients survive fp16; gradients are divided by it before the update. A step
 * whose gradients overflow (inf/NaN) is skipped and the scale halves (down to 1); after
 * {@code growthInterval} clean steps in a row the scale doubles (up to 2^24).
 */
public final class LossScaler {
  public static final double INITIAL_SCALE = 65536.0;
  public static final int GROWTH_INTERVAL = 2000;
  private static final double MAX_SCALE = 16777216.0;

  private final int growthInterval;
  private double scale;
  private int goodSteps;

  public LossScaler(double initialScale, int growthInterval) {
    this.scale = initialScale;
    this.growthInterval = growthInterval;
  }

  /** The default fp16 scaler: 2^16, doubling after 2000 clean steps. */
  public static LossScaler fp16() {
    return new LossScaler(INITIAL_SCALE, GROWTH_INTERVAL);
  }

  /** A scaler that never scales (fp32). */
  public static LossScaler none() {
    return new LossScaler(1.0, Integer.MAX_VALUE);
  }

  public double scale() {
    return scale;
  }

  public int goodSteps() {
    return goodSteps;
  }

  /** Restores the state recorded in a checkpoint. */
  public void restore(double scale, int goodSteps) {
    this.scale = scale;
    this.goodSteps = goodSteps;
  }

  /** True when the (scaled) gradient norm shows an overflow: the step must be skipped. */
  public static boolean overflowed(double gradNorm) {
    return Double.isNaN(gradNorm) || Double.isInfinite(gradNorm);
  }

  /**
   * Records one step's outcome and adapts the scale.
   *
   * @return true when the update should be applied (no overflow)
   */
  public boolean update(boolean overflow) {
    if (growthInterval == Integer.MAX_VALUE && scale == 1.0) {
      return !overflow;
    }
    if (overflow) {
      scale = Math.max(1.0, scale / 2);
      goodSteps = 0;
      return false;
    }
    if (++goodSteps >= growthInterval) {
      scale = Math.min(MAX_SCALE, scale * 2);
      goodSteps = 0;
    }
    return true;
  }
}

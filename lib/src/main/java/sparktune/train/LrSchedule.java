package sparktune.train;

import sparktune.config.ConfigError;

/**
 * Learning rate per optimizer step: linear warmup from lr/warmup to lr over {@code warmupSteps},
 * then constant, linear decay or cosine decay to {@code minLrRatio * lr} at {@code totalSteps}.
 *
 * @param kind constant, linear or cosine
 * @param lr peak learning rate
 * @param minLrRatio final lr as a fraction of the peak (linear and cosine)
 * @param warmupSteps steps of linear warmup
 * @param totalSteps optimizer steps of the whole run
 */
public record LrSchedule(String kind, double lr, double minLrRatio, int warmupSteps, long totalSteps) {
  public LrSchedule {
    if (!kind.equals("constant") && !kind.equals("linear") && !kind.equals("cosine")) {
      throw ConfigError.invalid("train.schedule", kind, "must be one of constant, linear, cosine");
    }
  }

  /** The learning rate of step {@code step} (0-based: the first update uses step 0). */
  public double at(long step) {
    if (step < warmupSteps) {
      return lr * (step + 1) / warmupSteps;
    }
    if (kind.equals("constant")) {
      return lr;
    }
    long decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    double min = lr * minLrRatio;
    if (kind.equals("linear")) {
      return lr - (lr - min) * progress;
    }
    return min + (lr - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}

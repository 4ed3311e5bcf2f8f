package sparktune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * One optimizer step on a model: forward and backward over the micro-batches of the step (gradient
 * accumulation), global-norm clipping, dynamic loss scaling (fp16) and the optimizer update. Holds the
 * optimizer state between steps, so a distributed worker can keep one across rounds and run H
 * steps per round. Every temporary of a step lives in a scratch manager closed at its end.
 */
public final class TrainStep implements AutoCloseable {
  private final LanguageModel model;
  private final Optimizer optimizer;
  private final LossScaler scaler;
  private final double maxGradNorm;
  private final double labelSmoothing;
  private final long seed;
  private final ParameterStore store;
  private StepPhases phases;

  /**
   * @param seed dropout in step s is seeded from (seed, s), so a resumed run drops the same units
   */
  public TrainStep(LanguageModel model, Optimizer optimizer, LossScaler scaler, double maxGradNorm, double labelSmoothing, long seed) {
    this.model = model;
    this.optimizer = optimizer;
    this.scaler = scaler;
    this.maxGradNorm = maxGradNorm;
    this.labelSmoothing = labelSmoothing;
    this.seed = seed;
    this.store = new ParameterStore(model.manager(), false);
  }

  /** Times the phases of every following step into {@code phases}; null stops timing. */
  public void timePhases(StepPhases phases) {
    this.phases = phases;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Runs step {@code step} (0-based) on its micro-batches with learning rate {@code lr}.
   */
  public StepResult run(List<Batch> microBatches, double lr, long step) {
    long tokens = microBatches.stream().mapToLong(Batch::tokens).sum();
    List<Parameter> params = List.copyOf(model.parameters().values());
    try (NDManager scratch = model.manager().newSubManager()) {
      start();
      for (Parameter p : params) {
        p.getArray().tempAttach(scratch);
      }
      Engine.getInstance().setRandomSeed(stepSeed(seed, step));
      Gradients.zero(params);
      double scale = scaler.scale();
      double lossSum = 0;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        for (Batch b : microBatches) {
          // the forward's intermediates die with the micro-batch, before the optimizer's update
          try (NDManager micro = scratch.newSubManager()) {
            for (Parameter p : params) {
              p.getArray().tempAttach(micro);
            }
            NDArray sum = forwardLoss(micro, b, true);
            collector.backward(sum.mul(scale / Math.max(1, tokens)));
            lossSum += sum.getFloat();
            end(StepPhases.Phase.BACKWARD);
          }
        }
      }
      double scaledNorm = Gradients.globalNorm(params, scratch);
      boolean overflow = LossScaler.overflowed(scaledNorm);
      double norm = scaledNorm / scale;
      if (!scaler.update(overflow)) {
        return new StepResult(lossSum / Math.max(1, tokens), norm, tokens, false);
      }
      optimizer.step(lr, Gradients.clipFactor(norm, maxGradNorm) / scale, scratch);
      end(StepPhases.Phase.OPTIMIZER);
      return new StepResult(lossSum / Math.max(1, tokens), norm, tokens, true);
    }
  }

  /** Summed loss of one batch (scalar, in {@code scratch}); dropout active when {@code training}. */
  NDArray forwardLoss(NDManager scratch, Batch b, boolean training) {
    Shape shape = new Shape(b.batch(), b.seqLen());
    NDArray ids = scratch.create(b.ids(), shape);
    NDArray targets = scratch.create(b.targets(), shape);
    NDArray mask = scratch.create(b.mask(), shape);
    NDArray logits = model.block().forward(store, new NDList(ids), training).singletonOrThrow();
    end(StepPhases.Phase.FORWARD);
    NDArray sum = LmLoss.sum(logits, targets, mask, training ? labelSmoothing : 0);
    end(StepPhases.Phase.LOSS);
    return sum;
  }

  private void start() {
    if (phases != null) {
      phases.start();
    }
  }

  private void end(StepPhases.Phase phase) {
    if (phases != null) {
      phases.end(phase);
    }
  }

  /** Mean next-token loss (no smoothing, no dropout) over the batches: (sum NLL, tokens). */
  public double[] evaluate(List<Batch> batches) {
    double sum = 0;
    long tokens = 0;
    for (Batch b : batches) {
      try (NDManager scratch = model.manager().newSubManager()) {
        for (Parameter p : model.parameters().values()) {
          p.getArray().tempAttach(scratch);
        }
        sum += forwardLoss(scratch, b, false).getFloat();
        tokens += b.tokens();
      }
    }
    return new double[] {sum, tokens};
  }

  static int stepSeed(long seed, long step) {
    long h = seed * 0x9E3779B97F4A7C15L + step * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 31;
    return (int) (h & 0x7FFFFFFF);
  }

  @Override
  public void close() {
    optimizer.close();
  }
}

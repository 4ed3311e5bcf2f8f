package sparktune.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sparktune.config.TrainConfig;

/**
 * The training loop's inner part, built from the {@link TrainConfig} alone and shared by
 * single-worker training and every distributed worker: the optimizer of {@code train.optimizer},
 * precision ({@code train.precision = fp16}: fp16 parameters, fp32 masters, dynamic loss scaling),
 * the learning-rate schedule, gradient accumulation, clipping and label smoothing ({@link TrainStep}),
 * and the shuffled batch stream of the train blocks. Its state (optimizer moments and masters, update
 * count, loss scale) is what a checkpoint or a distributed round commits; restoring it continues
 * exactly.
 */
public final class InnerLoop implements AutoCloseable {
  private final TrainConfig cfg;
  private final LanguageModel model;
  private final BatchStream stream;
  private final LrSchedule schedule;
  private final long seed;
  private final LossScaler scaler;
  private Optimizer optimizer;
  private TrainStep trainStep;

  /**
   * Casts the model's parameters to fp16 when {@code train.precision = fp16}.
   *
   * @param plan the run's sequence length
   * @param schedule the learning rate by optimizer step
   * @param seed dropout in step s is seeded from (seed, s)
   */
  public InnerLoop(TrainConfig cfg, RunPlan plan, LanguageModel model, TokenBlocks train, LrSchedule schedule, long seed) {
    this.cfg = cfg;
    this.model = model;
    this.stream = new BatchStream(train, plan.seqLen(), cfg.batchSize(), cfg.seed(), true);
    this.schedule = schedule;
    this.seed = seed;
    this.scaler = halfPrecision(cfg) ? LossScaler.fp16() : LossScaler.none();
    newOptimizer();
  }

  /** True for {@code train.precision = fp16}. */
  public static boolean halfPrecision(TrainConfig cfg) {
    return cfg.precision().equals("fp16");
  }

  private void newOptimizer() {
    optimizer = Optimizer.of(cfg, model.parameters(), model.manager());
    if (halfPrecision(cfg)) {
      optimizer.useHalfPrecision();
    }
    trainStep = new TrainStep(model, optimizer, scaler, cfg.maxGradNorm(), cfg.labelSmoothing(), seed);
  }

  /** Runs optimizer step {@code step} (0-based) on the next {@code train.grad-accum} batches of the stream. */
  public StepResult step(long step) {
    List<Batch> micro = new ArrayList<>(cfg.gradAccum());
    for (int i = 0; i < cfg.gradAccum(); i++) {
      micro.add(stream.next());
    }
    return trainStep.run(micro, schedule.at(step), step);
  }

  /** The learning rate of step {@code step}. */
  public double lr(long step) {
    return schedule.at(step);
  }

  public LrSchedule schedule() {
    return schedule;
  }

  public BatchStream stream() {
    return stream;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public LossScaler scaler() {
    return scaler;
  }

  /** Summed held-out NLL and target tokens over the batches (no dropout, no smoothing). */
  public double[] evaluate(List<Batch> batches) {
    return trainStep.evaluate(batches);
  }

  /** Optimizer state (moments, fp32 masters) and the loss scale set back to a fresh start. */
  public void reset() {
    optimizer.close();
    newOptimizer();
    scaler.restore(halfPrecision(cfg) ? LossScaler.INITIAL_SCALE : 1.0, 0);
  }

  /** Restores state written by {@link Optimizer#exportState()} with its update count and loss scaler. */
  public void restore(Map<String, TensorFile.Tensor> optimizerState, long updates, double lossScale, int goodSteps) {
    optimizer.importState(optimizerState, updates);
    scaler.restore(lossScale, goodSteps);
  }

  /** Sets the weights being trained (fp32 masters exactly; fp16 parameters cast from them). */
  public void loadWeights(Map<String, TensorFile.Tensor> weights, String source) {
    optimizer.loadWeights(weights, source);
  }

  /** The weights being trained, float32 (the masters in fp16). */
  public Map<String, TensorFile.Tensor> weights() {
    return optimizer.exportWeights();
  }

  /** Closes the optimizer; the model stays open. */
  @Override
  public void close() {
    trainStep.close();
  }
}

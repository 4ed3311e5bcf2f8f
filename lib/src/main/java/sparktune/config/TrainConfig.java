package sparktune.config;

import java.util.Set;

/**
 * {@code train}: the optimizer, schedule, checkpoints and, for {@code workers > 1}, the DiLoCo
 * rounds. Each parameter's default and meaning is documented in {@code conf/sparktune.conf}.
 * Serializable: distributed training ships it to every worker, which builds its training loop from
 * it exactly as single-worker training does.
 */
public record TrainConfig(
    String run,
    boolean resume,
    java.util.List<String> sources,
    int dataPart,
    int dataParts,
    int workers,
    long maxSteps,
    int epochs,
    int batchSize,
    int gradAccum,
    int seqLen,
    String optimizer,
    double lr,
    double minLrRatio,
    String schedule,
    int warmupSteps,
    double weightDecay,
    double beta1,
    double beta2,
    double eps,
    double maxGradNorm,
    double labelSmoothing,
    long seed,
    String precision,
    int evalEvery,
    boolean evalEveryEpoch,
    int evalBatches,
    boolean keepBest,
    int saveEvery,
    int saveTotalLimit,
    int logEvery,
    int innerSteps,
    int rounds,
    String outer,
    double outerLr,
    double outerMomentum,
    int checkpointEveryRounds,
    long roundTimeoutMillis,
    int roundRetries,
    boolean resumeFromLastGood,
    String deltaDtype) implements java.io.Serializable {

  public static final Set<String> SCHEDULES = Set.of("constant", "linear", "cosine");
  public static final Set<String> PRECISIONS = Set.of("fp32", "fp16");
  public static final Set<String> OUTERS = Set.of("nesterov", "average");
  public static final Set<String> OPTIMIZERS = Set.of("adamw", "adafactor");
  public static final Set<String> DELTA_DTYPES = Set.of("fp32", "bf16", "int8");

  public TrainConfig {
    sources = sources == null ? null : java.util.List.copyOf(sources);
    if (run == null || !run.matches("[A-Za-z0-9._-]+")) {
      throw ConfigError.invalid("train.run", run, "must be a name of letters, digits, '.', '_' or '-'");
    }
  }

  /** This config with another epoch count (steps per epoch are totalSteps of a 1-epoch copy). */
  public TrainConfig withEpochs(int n) {
    return new TrainConfig(run, resume, sources, dataPart, dataParts, workers, 0, n, batchSize, gradAccum, seqLen, optimizer, lr, minLrRatio,
        schedule, warmupSteps, weightDecay, beta1, beta2, eps, maxGradNorm, labelSmoothing, seed, precision, evalEvery, evalEveryEpoch,
        evalBatches, keepBest, saveEvery, saveTotalLimit, logEvery, innerSteps, rounds, outer, outerLr, outerMomentum, checkpointEveryRounds,
        roundTimeoutMillis, roundRetries, resumeFromLastGood, deltaDtype);
  }

  static TrainConfig from(Settings s) {
    String part = s.string("data-part");
    int[] kn = dataPart(part);
    String precision = s.string("precision");
    if (precision.equals("bf16")) {
      throw ConfigError.invalid("train.precision", precision, "must be fp32 or fp16: DJL's PyTorch engine aborts the JVM in bf16");
    }
    return new TrainConfig(
        s.string("run"),
        s.bool("resume"),
        s.strings("sources"),
        kn[0],
        kn[1],
        s.intIn("workers", 1, 4096),
        s.longIn("max-steps", 0, Long.MAX_VALUE),
        s.intIn("epochs", 1, 1_000_000),
        s.intIn("batch-size", 1, 1 << 16),
        s.intIn("grad-accum", 1, 1 << 16),
        s.intIn("seq-len", 0, 65536),
        s.oneOf("optimizer", OPTIMIZERS),
        s.doubleIn("lr", 0, 10),
        s.doubleIn("min-lr-ratio", 0, 1),
        s.oneOf("schedule", SCHEDULES),
        s.intIn("warmup-steps", 0, Integer.MAX_VALUE),
        s.doubleIn("weight-decay", 0, 10),
        s.doubleIn("beta1", 0, 0.999999),
        s.doubleIn("beta2", 0, 0.999999),
        s.doubleIn("eps", 1e-12, 1),
        s.doubleIn("max-grad-norm", 0, 1e6),
        s.doubleIn("label-smoothing", 0, 0.99),
        s.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.oneOf("precision", PRECISIONS),
        s.intIn("eval-every", 0, Integer.MAX_VALUE),
        s.bool("eval-every-epoch"),
        s.intIn("eval-batches", 1, Integer.MAX_VALUE),
        s.bool("keep-best"),
        s.intIn("save-every", 0, Integer.MAX_VALUE),
        s.intIn("save-total-limit", 0, 1_000_000),
        s.intIn("log-every", 1, Integer.MAX_VALUE),
        s.intIn("inner-steps", 1, 1_000_000),
        s.intIn("rounds", 0, Integer.MAX_VALUE),
        s.oneOf("outer", OUTERS),
        s.doubleIn("outer-lr", 0, 10),
        s.doubleIn("outer-momentum", 0, 0.999999),
        s.intIn("checkpoint-every-rounds", 1, Integer.MAX_VALUE),
        s.millis("round-timeout"),
        s.intIn("round-retries", 0, 1000),
        s.bool("resume-from-last-good"),
        s.oneOf("delta-dtype", DELTA_DTYPES));
  }

  /** {@code "all"} -> {1, 1}; {@code "k/n"} with 1 <= k <= n -> {k, n}. */
  static int[] dataPart(String value) {
    if (value.equals("all")) {
      return new int[] {1, 1};
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})/(\\d{1,6})").matcher(value);
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
      throw ConfigError.invalid("train.data-part", value, "must be all or k/n with 1 <= k <= n, e.g. 2/4");
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }
}

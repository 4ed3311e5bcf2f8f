package sparktune.train;

import java.io.Serializable;
import sparktune.config.ConfigError;
import sparktune.config.TrainConfig;

/**
 * The derived shape of a run, worked out once from the config, the train blocks and the model:
 * sequence length, sequences per epoch, optimizer steps, and for distributed training the rounds.
 * Single-worker training and every distributed worker read these numbers from here.
 *
 * @param seqLen tokens per training sequence (T): {@code train.seq-len}, or the block size when 0
 * @param sequencesPerEpoch training sequences in one pass over the train blocks
 * @param totalSteps optimizer steps of a single-worker run: max-steps, or epochs x ceil(sequences / (B x A))
 * @param stepsPerEpoch optimizer steps in one epoch (at least 1)
 * @param rounds distributed rounds: train.rounds, or ceil(totalSteps / (N x H)) so N workers read
 *     as many sequences as one worker would
 * @param innerSteps H, inner steps per worker per round
 */
public record RunPlan(int seqLen, int sequencesPerEpoch, long totalSteps, long stepsPerEpoch, int rounds, int innerSteps) implements Serializable {

  /**
   * @param modelContext the model's n_positions
   * @throws ConfigError when train.seq-len exceeds the block size or the model context
   */
  public static RunPlan of(TrainConfig cfg, TokenBlocks train, int modelContext) {
    int seqLen = cfg.seqLen() == 0 ? train.blockSize() : cfg.seqLen();
    if (seqLen > train.blockSize() || seqLen > modelContext) {
      throw ConfigError.invalid("train.seq-len", cfg.seqLen(), "must be <= the block size " + train.blockSize() + " and <= the model context "
          + modelContext);
    }
    int sequences = new BatchStream(train, seqLen, 1, cfg.seed(), false).sequences();
    long total = totalSteps(cfg, sequences);
    long perEpoch = Math.max(1, totalSteps(cfg.withEpochs(1), sequences));
    return new RunPlan(seqLen, sequences, total, perEpoch, rounds(cfg, total), cfg.innerSteps());
  }

  /** Optimizer steps of a single-worker run: max-steps, or epochs x ceil(sequences / (batch-size x grad-accum)). */
  public static long totalSteps(TrainConfig cfg, int sequencesPerEpoch) {
    if (cfg.maxSteps() > 0) {
      return cfg.maxSteps();
    }
    long perStep = (long) cfg.batchSize() * cfg.gradAccum();
    return cfg.epochs() * ((sequencesPerEpoch + perStep - 1) / perStep);
  }

  /** Rounds: train.rounds, or enough for N workers x H inner steps to cover {@code singleWorkerSteps}. */
  public static int rounds(TrainConfig cfg, long singleWorkerSteps) {
    if (cfg.rounds() > 0) {
      return cfg.rounds();
    }
    long perRound = (long) cfg.workers() * cfg.innerSteps();
    return Math.toIntExact(Math.max(1, (singleWorkerSteps + perRound - 1) / perRound));
  }

  /** Inner steps each worker runs over the whole distributed run (rounds x H): the inner schedule's length. */
  public long roundSteps() {
    return (long) rounds * innerSteps;
  }

  /** The learning-rate schedule of train.schedule over {@code steps} optimizer steps. */
  public static LrSchedule schedule(TrainConfig cfg, long steps) {
    return new LrSchedule(cfg.schedule(), cfg.lr(), cfg.minLrRatio(), cfg.warmupSteps(), steps);
  }
}

package sparktune.distributed;

/**
 * Which training sequences worker {@code w} sees in round {@code r}, and its dropout seed: pure
 * functions of (seed, round, worker) and the run's shape, so a retried round reads exactly the same
 * batches. The run's sequence stream (shuffled per epoch by the seed, as in single-worker training)
 * is cut into consecutive chunks of {@code S = innerSteps * batchSize * gradAccum} sequences: round
 * r gives worker w chunk {@code r * N + w}. N workers over R rounds therefore read the same sequences
 * as one worker over {@code R * N * innerSteps} steps.
 *
 * @param workers N
 * @param innerSteps H, optimizer steps per round
 * @param sequencesPerStep batch size times gradient accumulation
 */
public record RoundSlice(int workers, int innerSteps, int sequencesPerStep) implements java.io.Serializable {
  public RoundSlice {
    if (workers < 1 || innerSteps < 1 || sequencesPerStep < 1) {
      throw new IllegalArgumentException("Workers " + workers + ", inner steps " + innerSteps
          + " and sequences per step " + sequencesPerStep + " must all be >= 1");
    }
  }

  /** Sequences one worker consumes in one round (S). */
  public long sequencesPerRound() {
    return (long) innerSteps * sequencesPerStep;
  }

  /** Position in the run's sequence stream (counting across epochs) where worker w starts round r. */
  public long start(int round, int worker) {
    check(round, worker);
    return ((long) round * workers + worker) * sequencesPerRound();
  }

  /** Position in the stream where round r starts (all workers' chunks before it are consumed). */
  public long roundStart(int round) {
    return start(round, 0);
  }

  /** Epoch of a stream position, for a stream of {@code sequencesPerEpoch} sequences per epoch. */
  public static int epoch(long position, long sequencesPerEpoch) {
    return Math.toIntExact(position / sequencesPerEpoch);
  }

  /** Offset of a stream position within its epoch. */
  public static long offset(long position, long sequencesPerEpoch) {
    return position % sequencesPerEpoch;
  }

  /**
   * Worker w's dropout seed: step s of worker w draws its masks from (this seed, s), the same on
   * every attempt. Distinct per worker; worker 0 uses {@code train.seed} itself, so one worker
   * drops exactly the units single-worker training drops.
   */
  public static long seed(long seed, int worker) {
    return worker == 0 ? seed : mix(seed ^ 0x5DEECE66DL) + worker * 0xC2B2AE3D27D4EB4FL;
  }

  private void check(int round, int worker) {
    if (round < 0 || worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("Round " + round + " / worker " + worker + " out of range (workers: " + workers + ")");
    }
  }

  /** SplitMix64's finalizer: a bijective 64-bit mix. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

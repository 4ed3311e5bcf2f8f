package sparktune.distributed;

import java.io.Serializable;
import java.util.List;

/**
 * The input of one round attempt, identical on every attempt of the round except {@code attempt}
 * (which only names the output folder): the folder of the global weight shards (and outer momentum
 * shards) the previous round committed, and each worker's inner state as committed by it.
 *
 * @param round 0-based round number
 * @param attempt 0-based attempt of this round
 * @param inputDir the round's global weights and outer momentum, one file per shard ({@link ShardFiles}; immutable)
 * @param outputDir where this attempt's tasks write delta, inner-state, new global and momentum files
 * @param inner per worker index: the committed inner state to start from, or null for a fresh optimizer
 */
public record RoundSpec(int round, int attempt, String inputDir, String outputDir, List<InnerState> inner) implements Serializable {
  /**
   * A worker's committed inner state: the optimizer state file, its update count and the fp16 loss
   * scaler's state (scale 1 and 0 good steps in fp32).
   */
  public record InnerState(String path, long updates, double lossScale, int goodSteps) implements Serializable {}
}

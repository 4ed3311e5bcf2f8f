package sparktune.distributed;

import java.io.Serializable;
import java.util.List;

/**
 * The input of one round attempt, identical on every attempt of the round except {@code attempt}
 * (which only names the output folder). Workers whose cache holds the start of {@code round} need
 * nothing else; when any does not, every worker loads the saved state (the start of
 * {@code stateRound}: the last checkpoint, or the run's start) and replays the rounds from there.
 *
 * @param round 0-based round number
 * @param attempt 0-based attempt of this round
 * @param stateDir the saved global weight and outer momentum shards at the start of {@code stateRound} ({@link ShardFiles}; immutable)
 * @param stateRound the round {@code stateDir} and {@code inner} are the start of ({@code <= round})
 * @param outputDir where this attempt's tasks write delta, update and saved-state files
 * @param inner per worker index: the saved inner state at the start of {@code stateRound}, or null for a fresh optimizer
 * @param checkpoint true when the tasks save the state after the round (global and momentum shards, inner states)
 * @param publish true when the tasks write the global weight shards after the round (for an evaluation)
 */
public record RoundSpec(int round, int attempt, String stateDir, int stateRound, String outputDir, List<InnerState> inner, boolean checkpoint,
    boolean publish) implements Serializable {
  /**
   * A worker's saved inner state: the optimizer state file, its update count and the fp16 loss
   * scaler's state (scale 1 and 0 good steps in fp32).
   */
  public record InnerState(String path, long updates, double lossScale, int goodSteps) implements Serializable {}
}

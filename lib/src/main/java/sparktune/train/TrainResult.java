package sparktune.train;

/**
 * What a training run did.
 *
 * @param steps optimizer steps completed (including those of a resumed-from run)
 * @param tokens target tokens trained on
 * @param finalLoss training loss of the last step
 * @param finalEvalLoss held-out loss of the last evaluation (NaN when none ran)
 * @param seconds training seconds (this process)
 * @param tokensPerSecond tokens trained in this process / seconds
 * @param checkpoint the final checkpoint directory
 */
public record TrainResult(long steps, long tokens, double finalLoss, double finalEvalLoss, double seconds, double tokensPerSecond, String checkpoint) {}

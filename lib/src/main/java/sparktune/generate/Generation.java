package sparktune.generate;

/**
 * The result of one generation.
 *
 * @param tokens generated token ids (prompt and the final EOS excluded)
 * @param stoppedAtEos whether generation ended on the EOS token rather than the token limit
 * @param score sum of log-probabilities of the generated tokens under the processed distribution
 *     (beam search and beam-sample: divided by length ^ length-penalty; beam-sample sums
 *     log-softmax / temperature of the penalized logits, as Hugging Face scores it)
 * @param forwardCalls model forward calls made (prompt included)
 */
public record Generation(int[] tokens, boolean stoppedAtEos, double score, int forwardCalls) {}

package sparktune.generate;

/**
 * The result of one generation.
 *
 * @param tokens generated token ids (prompt and the final EOS excluded)
 * @param stoppedAtEos whether generation ended on the EOS token rather than the token limit
 * @param score sum of log-probabilities of the generated tokens under the processed distribution
 *     (beam search: divided by length ^ length-penalty)
 * @param forwardCalls model forward calls made (prompt included)
 */
public record Generation(int[] tokens, boolean stoppedAtEos, double score, int forwardCalls) {}

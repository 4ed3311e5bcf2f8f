package sparktune.eval;

/** A causal LM seen as a scorer of next tokens (what perplexity needs). */
public interface TokenScorer {
  /** Longest sequence one call accepts. */
  int contextSize();

  /**
   * Negative log-likelihood in nats of each next token: ids (B rows of equal length T) -> (B, T-1),
   * [b][t] = -ln p(ids[b][t+1] | ids[b][0..t]).
   */
  float[][] tokenNll(int[][] ids);
}

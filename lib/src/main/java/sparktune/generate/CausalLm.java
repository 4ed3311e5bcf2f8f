package sparktune.generate;

/**
 * A causal language model as decoding sees it: next-token logits for whole sequences (no cache),
 * or an incremental session that keeps per-layer keys and values (KV cache).
 */
public interface CausalLm {
  /** Vocabulary size V (the length of every logits row). */
  int vocabSize();

  /** Longest sequence the model accepts (n_positions). */
  int contextSize();

  /**
   * Full forward over {@code ids} (B rows of equal length T, T <= contextSize) and returns the
   * logits of the last position of every row: (B, V).
   */
  float[][] lastLogits(int[][] ids);

  /**
   * Starts an incremental session: the prompt (T tokens) replicated over {@code rows} batch rows,
   * processed once; later tokens reuse the cached keys and values.
   */
  DecodeSession openCached(int[] prompt, int rows);

  /**
   * Starts an incremental session over several prompts, one batch row each, of any lengths
   * (each 1..contextSize). {@link DecodeSession#reorder} with a subset of rows drops the others
   * (finished rows stop costing compute). The default recomputes every sequence at every step.
   */
  default DecodeSession openBatch(int[][] prompts) {
    return new UncachedSession(this, prompts);
  }

  /** A session that recomputes the whole sequence at every step (the reference for the cache). */
  default DecodeSession openUncached(int[] prompt, int rows) {
    return new UncachedSession(this, prompt, rows);
  }
}

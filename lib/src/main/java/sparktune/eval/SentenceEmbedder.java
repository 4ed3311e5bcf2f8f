package sparktune.eval;

/** Maps a sentence to a fixed-size vector, for local coherence. */
public interface SentenceEmbedder {
  /** The embedding of {@code sentence} (length d, the same for every sentence). */
  float[] embed(String sentence);

  /** What produced the embeddings, stored in the {@code embedder} column of eval rows. */
  String name();
}

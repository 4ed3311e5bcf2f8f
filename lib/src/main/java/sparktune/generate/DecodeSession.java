package sparktune.generate;

/** Decoding state of {@code rows} sequences that grow one token per step. */
public interface DecodeSession extends AutoCloseable {
  /** Logits of the last position of every row: (rows, V). The arrays belong to the caller. */
  float[][] logits();

  /** Appends one token per row (length rows) and advances the model. */
  void append(int[] tokens);

  /** Row i continues from the state of row {@code sourceRows[i]} (beam search). */
  void reorder(int[] sourceRows);

  /** Model forward calls made so far (prompt included). */
  int forwardCalls();

  @Override
  void close();
}

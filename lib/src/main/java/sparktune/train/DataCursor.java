package sparktune.train;

/**
 * Where the data stream stands: the epoch and the position within that epoch's shuffled order of
 * sequences. Recorded in checkpoints so a resumed run sees exactly the batches it would have seen.
 */
public record DataCursor(int epoch, long position) {
  public static final DataCursor START = new DataCursor(0, 0);
}

package sparktune.distributed;

import java.io.Serializable;

/**
 * Bytes one round task read and wrote on the warehouse, measured from the files themselves (sizes
 * of what it wrote and read), by kind.
 */
public final class Traffic implements Serializable {
  /** Delta and update shard files read (this round and any replayed rounds). */
  long exchangeRead;
  /** Delta and update shard files written. */
  long exchangeWritten;
  /** Of {@link #exchangeWritten}: delta shards. */
  long deltaWritten;
  /** Of {@link #exchangeWritten}: update shards. */
  long updateWritten;
  /** Saved state read by a task that started cold: global shards, its momentum shard and inner state. */
  long stateRead;
  /** State written at a checkpoint (global and momentum shard, inner state) or for an evaluation (global shard). */
  long stateWritten;
  /** Of {@link #stateWritten}: the inner optimizer state. */
  long innerWritten;

  public long exchangeRead() {
    return exchangeRead;
  }

  public long exchangeWritten() {
    return exchangeWritten;
  }

  public long deltaWritten() {
    return deltaWritten;
  }

  public long updateWritten() {
    return updateWritten;
  }

  public long stateRead() {
    return stateRead;
  }

  public long stateWritten() {
    return stateWritten;
  }

  public long innerWritten() {
    return innerWritten;
  }

  /** Exchange bytes read plus written. */
  public long exchange() {
    return exchangeRead + exchangeWritten;
  }

  /** Everything the task read plus wrote. */
  public long total() {
    return exchangeRead + exchangeWritten + stateRead + stateWritten;
  }
}

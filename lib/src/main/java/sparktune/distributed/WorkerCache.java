package sparktune.distributed;

import java.util.Map;
import sparktune.train.InnerLoop;
import sparktune.train.LanguageModel;

/**
 * An executor's training state kept between rounds: one slot ({@link #JVM}: one training task per
 * JVM), keyed by run id and worker index. An entry holds the model and its {@link InnerLoop}
 * (optimizer, loss scaler, batch stream), the fp32 global weights (all P values) and the worker's
 * shard of the outer momentum. {@code state} is the round whose start they equal (-1: none); it is
 * cleared before a round's first step and set only when the task has applied every update of the
 * round, so a round that fails half-way never leaves state a retry would mistake for a round's start.
 */
final class WorkerCache {
  /** The executor JVM's cache. */
  static final WorkerCache JVM = new WorkerCache();

  static final class Entry implements AutoCloseable {
    final String runId;
    final int worker;
    final LanguageModel model;
    final InnerLoop loop;
    /** fp32 global weights by parameter name. */
    Map<String, float[]> global;
    /** This worker's shard of the outer momentum (nesterov), or null. */
    float[] momentum;
    /** The round whose start global, momentum and inner state equal, or -1. */
    int state = -1;

    Entry(String runId, int worker, LanguageModel model, InnerLoop loop) {
      this.runId = runId;
      this.worker = worker;
      this.model = model;
      this.loop = loop;
    }

    @Override
    public void close() {
      loop.close();
      model.close();
    }
  }

  private Entry slot;

  /** Takes the cached entry for (run, worker), or null; an entry for anything else is closed. */
  synchronized Entry take(String runId, int worker) {
    Entry e = slot;
    slot = null;
    if (e != null && (!e.runId.equals(runId) || e.worker != worker)) {
      e.close();
      return null;
    }
    return e;
  }

  /** Puts an entry back after a successful task. */
  synchronized void put(Entry e) {
    if (slot != null && slot != e) {
      slot.close();
    }
    slot = e;
  }
}

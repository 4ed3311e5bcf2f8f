package sparktune.distributed;

import sparktune.train.InnerLoop;
import sparktune.train.LanguageModel;

/**
 * The executor JVM's training state kept between rounds: one slot (one training task per JVM),
 * keyed by run id and worker index. {@code innerTag} names the inner-state file this slot's
 * optimizer and loss scaler equal; it is cleared before a round's first step, so a round that fails half-way never
 * leaves state that a retry would mistake for the committed one.
 */
final class WorkerCache {
  static final class Entry implements AutoCloseable {
    final String runId;
    final int worker;
    final LanguageModel model;
    final InnerLoop loop;
    String innerTag;

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

  private static Entry slot;

  private WorkerCache() {}

  /** Takes the cached entry for (run, worker), or null; an entry for anything else is closed. */
  static synchronized Entry take(String runId, int worker) {
    Entry e = slot;
    slot = null;
    if (e != null && (!e.runId.equals(runId) || e.worker != worker)) {
      e.close();
      return null;
    }
    return e;
  }

  /** Puts an entry back after a successful round. */
  static synchronized void put(Entry e) {
    if (slot != null && slot != e) {
      slot.close();
    }
    slot = e;
  }
}

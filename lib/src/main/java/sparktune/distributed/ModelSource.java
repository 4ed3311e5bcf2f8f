package sparktune.distributed;

import java.io.Serializable;
import sparktune.train.LanguageModel;

/**
 * Builds the model a worker trains, on the executor: a fresh model of the run's architecture whose
 * weights are then overwritten by the round's global weights (so the seed only shapes nothing that
 * survives). Serializable: it travels inside the round's task closure.
 */
@FunctionalInterface
public interface ModelSource extends Serializable {
  LanguageModel create(long seed, ai.djl.Device device);
}

package sparktune.distributed;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.train.Gpt2LanguageModel;
import sparktune.train.LanguageModel;

/**
 * Builds a GPT-2 of a fixed {@code config.json} on an executor, on the device Spark assigned to the
 * task. Carries the config as JSON, so it serializes with the round's tasks.
 */
public record Gpt2Source(String configJson) implements ModelSource {
  public static Gpt2Source of(Gpt2Config config) {
    return new Gpt2Source(config.toJson());
  }

  @Override
  public LanguageModel create(long seed, Device device) {
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Gpt2Model model = new Gpt2Model(Gpt2Config.fromJson(configJson, "the run's model config"), manager);
      model.initWeights(seed);
      return new Gpt2LanguageModel(model, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }
}

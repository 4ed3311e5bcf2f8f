package sparktune.distributed;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.Map;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;
import sparktune.model.SafetensorsDtype;
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
      return new Lm(model, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** A GPT-2 seen as the trainer's {@link LanguageModel}. */
  private record Lm(Gpt2Model model, NDManager manager) implements LanguageModel {
    @Override
    public Block block() {
      return model;
    }

    @Override
    public Map<String, Parameter> parameters() {
      return model.namedParameters();
    }

    @Override
    public int vocabSize() {
      return model.config().vocabSize();
    }

    @Override
    public int contextSize() {
      return model.config().nPositions();
    }

    @Override
    public void save(Path dir) {
      HfModelDir.save(model, dir.toString(), SafetensorsDtype.F32, null, null);
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}

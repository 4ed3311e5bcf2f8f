package sparktune.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import sparktune.config.ModelConfig;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;

/** The one place where the trainer meets GPT-2: builds, loads and saves {@link Gpt2Model}s. */
public final class Gpt2Factory implements ModelFactory {
  private final ModelConfig modelConfig;
  private final int eosId;

  /** @param eosId the shards' EOS id, written as bos/eos of a scratch model's config.json */
  public Gpt2Factory(ModelConfig modelConfig, int eosId) {
    this.modelConfig = modelConfig;
    this.eosId = eosId;
  }

  @Override
  public LanguageModel scratch(int vocabSize, long seed) {
    NDManager manager = NDManager.newBaseManager();
    Gpt2Model model = new Gpt2Model(Gpt2Config.fromModelConfig(modelConfig, vocabSize, eosId), manager);
    model.initWeights(seed);
    return new Gpt2LanguageModel(model, manager);
  }

  @Override
  public LanguageModel load(Path dir) {
    NDManager manager = NDManager.newBaseManager();
    try {
      return new Gpt2LanguageModel(HfModelDir.load(dir.toString(), null, manager), manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }
}

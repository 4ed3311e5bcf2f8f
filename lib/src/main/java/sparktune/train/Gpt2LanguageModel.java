package sparktune.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.Map;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;
import sparktune.model.SafetensorsDtype;

/**
 * A GPT-2 seen as the trainer's {@link LanguageModel}; owns the manager that holds its parameters
 * and closes it with the model.
 */
public record Gpt2LanguageModel(Gpt2Model model, NDManager manager) implements LanguageModel {
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

package sparktune.train;

import java.io.IOException;
import java.nio.file.Path;

/** Builds the model a run trains: new from a seed, or loaded from a local Hugging Face directory. */
public interface ModelFactory {
  /** A freshly initialized model; the engine's random seed is set before initialization. */
  LanguageModel scratch(int vocabSize, long seed);

  /** The model saved in {@code dir} (config.json + model.safetensors). */
  LanguageModel load(Path dir) throws IOException;
}

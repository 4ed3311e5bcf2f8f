package sparktune.testing;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;
import sparktune.model.SafetensorsDtype;
import sparktune.tokenizer.Gpt2Vocabulary;

/**
 * Tiny random GPT-2 model directories for tests: the built-in GPT-2 tokenizer (V = 50257) and a
 * 2-layer, 32-wide model. Weights are N(0, std) with a larger std than GPT-2's 0.02 so that next
 * token distributions are peaked and argmax is robust to float rounding.
 */
public final class TinyGpt2 {
  private TinyGpt2() {}

  /** Writes config.json, model.safetensors and GPT-2's tokenizer.json into {@code dir}; returns dir. */
  public static Path write(Path dir, int nPositions, long seed, double std) throws IOException {
    write(dir, Gpt2Vocabulary.EOS_ID + 1, nPositions, seed, std);
    Files.writeString(dir.resolve("tokenizer.json"), Gpt2Vocabulary.tokenizer().toJson());
    return dir;
  }

  /** A model of {@code vocab} tokens (EOS = the last id) without tokenizer files, for tests on ids alone. */
  public static Path write(Path dir, int vocab, int nPositions, long seed, double std) throws IOException {
    Gpt2Config config = new Gpt2Config(vocab, nPositions, 32, 2, 4, 128, 1e-5, 0.0, 0.0, 0.0, vocab - 1, vocab - 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(config, manager);
      model.initWeights(seed);
      Random rnd = new Random(seed);
      for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
        if (Gpt2Model.decays(e.getKey())) {
          float[] v = new float[Math.toIntExact(e.getValue().getShape().size())];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
          }
          e.getValue().getArray().set(FloatBuffer.wrap(v));
        }
      }
      Files.createDirectories(dir);
      HfModelDir.save(model, dir.toString(), SafetensorsDtype.F32, null, null);
    }
    return dir;
  }
}

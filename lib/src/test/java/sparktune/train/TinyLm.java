package sparktune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny bigram-style language model from DJL's built-in blocks for trainer tests: one-hot ids ->
 * Linear(d) -> tanh -> dropout -> Linear(V). Parameters carry GPT-2-like names so weight-decay
 * dispatch is exercised (matrices decay, biases do not).
 */
final class TinyLm implements LanguageModel {
  static final List<String> NAMES = List.of("transformer.wte.weight", "transformer.wte.bias", "lm_head.weight", "lm_head.bias");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NDManager manager;
  private final Block block;
  private final int vocab;
  private final int width;
  private final Map<String, Parameter> params = new LinkedHashMap<>();
  /** The one-hot input's type: FLOAT16 once the parameters are fp16 (mixed precision tests). */
  private DataType inputType = DataType.FLOAT32;

  TinyLm(int vocab, int width, float dropout, long seed) {
    this.vocab = vocab;
    this.width = width;
    this.manager = NDManager.newBaseManager();
    this.block = new SequentialBlock()
        .add(LambdaBlock.singleton(ids -> ids.oneHot(vocab, inputType)))
        .add(Linear.builder().setUnits(width).build())
        .add(Activation::tanh)
        .add(Dropout.builder().optRate(dropout).build())
        .add(Linear.builder().setUnits(vocab).build());
    Engine.getInstance().setRandomSeed((int) seed);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
    int i = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      params.put(NAMES.get(i++), p.getValue());
    }
  }

  static ModelFactory factory(int width, float dropout) {
    return new ModelFactory() {
      @Override
      public LanguageModel scratch(int vocabSize, long seed) {
        return new TinyLm(vocabSize, width, dropout, seed);
      }

      @Override
      public LanguageModel load(Path dir) throws IOException {
        JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
        TinyLm lm = new TinyLm(config.get("vocab_size").asInt(), config.get("n_embd").asInt(), dropout, 0);
        Map<String, TensorFile.Tensor> tensors = TensorFile.read(dir.resolve("model.safetensors"));
        lm.params.forEach((name, p) -> p.getArray().set(tensors.get(name).values()));
        return lm;
      }
    };
  }

  void halfInputs() {
    inputType = DataType.FLOAT16;
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public Map<String, Parameter> parameters() {
    return params;
  }

  @Override
  public int vocabSize() {
    return vocab;
  }

  @Override
  public int contextSize() {
    return 1024;
  }

  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), "{\"vocab_size\": " + vocab + ", \"n_embd\": " + width + "}\n");
    Map<String, TensorFile.Tensor> tensors = new LinkedHashMap<>();
    params.forEach((name, p) -> tensors.put(name, new TensorFile.Tensor(p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
    TensorFile.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
  }

  @Override
  public void close() {
    manager.close();
  }
}

package sparktune.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the trainer needs from a causal language model: a DJL block mapping int ids (B, T) to logits
 * (B, T, V), its parameters by Hugging Face name, and a Hugging Face directory writer. The trainer
 * never depends on a concrete architecture.
 */
public interface LanguageModel extends AutoCloseable {
  /** Forward: {@code NDList(ids int32 (B, T))} -> {@code NDList(logits (B, T, V))}; dropout when training. */
  Block block();

  /** The manager that owns the parameters. */
  NDManager manager();

  /** Trainable parameters by Hugging Face name (e.g. transformer.h.0.attn.c_attn.bias), stable order. */
  Map<String, Parameter> parameters();

  int vocabSize();

  /** Longest sequence the model accepts (n_positions). */
  int contextSize();

  /** Writes config.json and model.safetensors into {@code dir} (Hugging Face layout). */
  void save(Path dir) throws IOException;

  @Override
  void close();
}

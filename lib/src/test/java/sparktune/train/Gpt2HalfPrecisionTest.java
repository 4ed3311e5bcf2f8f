package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import sparktune.config.ModelConfig;

/** A GPT-2 switched to fp16 keeps its activations fp16 end to end (the causal mask follows them). */
class Gpt2HalfPrecisionTest {
  @Test
  void halfPrecisionGpt2ComputesHalfLogitsCloseToFloatLogits() {
    ModelConfig mc = new ModelConfig("scratch", 2, 2, 32, 16, 0.0, 1e-5);
    try (LanguageModel lm = new Gpt2Factory(mc, 0).scratch(50, 7)) {
      ParameterStore store = new ParameterStore(lm.manager(), false);
      int[] ids = new int[2 * 16];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (i * 7 + 3) % 50;
      }
      float[] full;
      try (NDManager step = lm.manager().newSubManager()) {
        NDArray x = step.create(ids, new Shape(2, 16));
        full = lm.block().forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      }
      try (AdamW adam = new AdamW(lm.parameters(), 0.9, 0.95, 1e-8, 0.0, lm.manager())) {
        adam.useHalfPrecision();
        try (NDManager step = lm.manager().newSubManager()) {
          NDArray x = step.create(ids, new Shape(2, 16));
          NDArray logits = lm.block().forward(store, new NDList(x), false).singletonOrThrow();
          assertThat(logits.getDataType()).isEqualTo(DataType.FLOAT16);
          float[] half = logits.toType(DataType.FLOAT32, false).toFloatArray();
          float maxDiff = 0;
          for (int i = 0; i < full.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(full[i] - half[i]));
          }
          assertThat(maxDiff).isLessThan(0.05f);
        }
      }
    }
  }
}

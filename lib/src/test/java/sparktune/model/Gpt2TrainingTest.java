package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparktune.train.LmLoss;

/** The block trains under DJL autograd: gradients reach every parameter, dropout is active. */
class Gpt2TrainingTest {

  @Test
  void backwardReachesEveryParameterAndWeightsCanStillBeReplaced() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      model.initialize(manager, DataType.FLOAT32, new Shape(2, 12)); // attaches gradients
      try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray ids = step.create(g.ids);
        NDArray logits = model.logits(ids.get(new NDIndex(":, :-1")), true);
        NDArray loss = LmLoss.mean(logits, ids.get(new NDIndex(":, 1:")));
        gc.backward(loss);
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
          float norm = e.getValue().getArray().getGradient().abs().sum().getFloat();
          assertThat(norm).as(e.getKey()).isGreaterThan(0f);
        }
      }
      Tensor zeros = new Tensor("transformer.ln_f.bias", new long[] {32}, new float[32]);
      model.setTensor(zeros, "test");
      assertThat(model.namedParameters().get("transformer.ln_f.bias").getArray().toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void dropoutOnlyActsWhenTraining() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      NDArray ids = manager.create(g.ids);
      NDArray eval1 = model.logits(ids, false);
      NDArray eval2 = model.logits(ids, false);
      NDArray train = model.logits(ids, true);
      assertThat(eval1.sub(eval2).abs().max().getFloat()).isZero();
      assertThat(eval1.sub(train).abs().max().getFloat()).isGreaterThan(1e-3f);
    }
  }

  @Test
  void decayExcludesBiasesAndLayerNorms() {
    assertThat(Gpt2Model.decays("transformer.h.0.attn.c_attn.weight")).isTrue();
    assertThat(Gpt2Model.decays("transformer.wte.weight")).isTrue();
    assertThat(Gpt2Model.decays("transformer.h.0.attn.c_attn.bias")).isFalse();
    assertThat(Gpt2Model.decays("transformer.h.3.ln_2.weight")).isFalse();
    assertThat(Gpt2Model.decays("transformer.ln_f.weight")).isFalse();
  }
}

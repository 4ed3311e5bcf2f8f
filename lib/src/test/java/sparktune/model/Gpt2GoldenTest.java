package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.api.Test;
import sparktune.train.LmLoss;

/** DJL's forward against logits and loss computed by the independent PyTorch reference. */
class Gpt2GoldenTest {

  @Test
  void logitsAndLossMatchTheReference() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      try (NDManager step = manager.newSubManager()) {
        NDArray ids = step.create(g.ids); // (B, T)
        NDArray logits = model.logits(ids, false);
        assertThat(logits.getShape().getShape()).containsExactly(g.shape);
        float[] got = logits.toFloatArray();
        float maxDiff = 0;
        for (int i = 0; i < got.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(got[i] - g.logits[i]));
        }
        assertThat(maxDiff).isLessThan(1e-4f);

        long T = g.shape[1];
        NDArray loss = LmLoss.mean(
            logits.get(new NDIndex(":, :{}", T - 1)), ids.get(new NDIndex(":, 1:")));
        assertThat((double) loss.getFloat()).isCloseTo(g.loss, within(1e-5));
      }
    }
  }

  @Test
  void forwardLeavesNoTemporariesInTheParameterManager() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      NDManager params = model.namedParameters().get("transformer.wte.weight").getArray().getManager();
      int before = params.getManagedArrays().size();
      try (NDManager step = manager.newSubManager()) {
        model.logits(step.create(g.ids), true);
        model.meanPooledHidden(step.create(g.ids), step.ones(new ai.djl.ndarray.types.Shape(2, 12)));
      }
      assertThat(params.getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void ignoredTargetsDoNotCountInTheLoss() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      NDArray logits = model.logits(manager.create(g.ids), false);
      float[][] mask = new float[2][g.ids[0].length];
      java.util.Arrays.fill(mask[0], 1f); // the second row's positions are padding
      float both = LmLoss.mean(logits.get("0:1"), manager.create(new long[][] {g.ids[0]})).getFloat();
      float masked = LmLoss.sum(logits, manager.create(g.ids).toType(ai.djl.ndarray.types.DataType.INT64, false), manager.create(mask), 0)
          .getFloat() / g.ids[0].length;
      assertThat(masked).isCloseTo(both, within(1e-6f));
    }
  }
}

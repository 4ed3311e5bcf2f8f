package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;
import sparktune.testing.CyclicBlocks;

/**
 * The fp16 path (fp16 parameters, fp32 master weights, dynamic loss scaling) run on CPU through the
 * train step; the job itself refuses fp16 without a GPU.
 */
class MixedPrecisionTest {
  @Test
  void overflowingScaleBacksOffThenHalfPrecisionTrainsOnFp32Masters() {
    try (TinyLm lm = new TinyLm(30, 16, 0f, 1)) {
      AdamW adam = new AdamW(lm.parameters(), 0.9, 0.95, 1e-8, 0.0, lm.manager());
      adam.useHalfPrecision();
      lm.halfInputs();
      assertThat(lm.parameters().values()).allSatisfy(p -> assertThat(p.getArray().getDataType()).isEqualTo(DataType.FLOAT16));
      assertThat(adam.exportState()).containsKey("master.lm_head.weight");

      // 2^24 times a loss of ~3.4 overflows fp16 gradients: steps are skipped and the scale halves.
      LossScaler scaler = new LossScaler(16777216.0, 10);
      try (TrainStep step = new TrainStep(lm, adam, scaler, 1.0, 0, 3)) {
        BatchStream data = new BatchStream(CyclicBlocks.of(8, 16, 30, 1), 16, 4, 1, true);
        float[] before = lm.parameters().get("lm_head.weight").getArray().toType(DataType.FLOAT32, false).toFloatArray();
        StepResult first = step.run(List.of(data.next()), 1e-2, 0);
        assertThat(first.applied()).isFalse();
        assertThat(scaler.scale()).isEqualTo(8388608.0);
        assertThat(adam.updates()).isZero();
        assertThat(lm.parameters().get("lm_head.weight").getArray().toType(DataType.FLOAT32, false).toFloatArray()).containsExactly(before);

        double firstApplied = Double.NaN;
        double last = Double.NaN;
        int skipped = 1;
        for (int s = 1; s < 60; s++) {
          StepResult r = step.run(List.of(data.next()), 1e-2, s);
          if (!r.applied()) {
            skipped++;
            continue;
          }
          if (Double.isNaN(firstApplied)) {
            firstApplied = r.loss();
          }
          last = r.loss();
        }
        assertThat(skipped).isLessThan(20);
        assertThat(adam.updates()).isEqualTo(60 - skipped);
        assertThat(last).isLessThan(firstApplied / 2);
        assertThat(lm.parameters().get("lm_head.weight").getArray().getDataType()).isEqualTo(DataType.FLOAT16);
      }
    }
  }
}

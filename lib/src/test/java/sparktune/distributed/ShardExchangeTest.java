package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.train.TensorFile;

/**
 * Three tasks exchanging delta and update shards end with bit-identical global weights, equal to
 * one outer step over the whole tensors up to the wire type's rounding of the update.
 */
class ShardExchangeTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  /** Two tensors of 5 and 2 values in 3 shards of 2, 2 and 3 values: shard 1 spans both tensors. */
  private static Map<String, TensorFile.Tensor> tensors(float... v) {
    Map<String, TensorFile.Tensor> t = new LinkedHashMap<>();
    t.put("a", new TensorFile.Tensor(new long[] {5}, Arrays.copyOfRange(v, 0, 5)));
    t.put("b", new TensorFile.Tensor(new long[] {1, 2}, Arrays.copyOfRange(v, 5, 7)));
    return t;
  }

  @Test
  void layoutCutsTheFlatParametersIntoContiguousShards() {
    ShardLayout layout = ShardLayout.of(tensors(new float[7]), 3);
    assertThat(layout.size()).isEqualTo(7);
    assertThat(List.of(layout.length(0), layout.length(1), layout.length(2))).containsExactly(2, 2, 3);
    Map<String, float[]> values = TensorFiles.values(tensors(0, 1, 2, 3, 4, 5, 6));
    assertThat(layout.gather(values, 2)).containsExactly(4, 5, 6);
    List<float[]> shards = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      shards.add(layout.gather(values, k));
    }
    Map<String, TensorFile.Tensor> back = layout.assemble(shards);
    assertThat(back.get("a").values()).containsExactly(0, 1, 2, 3, 4);
    assertThat(back.get("b").shape()).containsExactly(1, 2);
    assertThat(back.get("b").values()).containsExactly(5, 6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fp32", "bf16", "int8"})
  void everyTaskEndsWithTheSameGlobalWeightsAsOneWholeOuterStep(String dtype) throws Exception {
    TrainConfig cfg = ConfigLoader.load((Path) null, List.of("train.workers=3", "train.outer=nesterov", "train.outer-lr=0.7",
        "train.outer-momentum=0.9", "train.delta-dtype=" + dtype)).train();
    float[] x = {1, -1, 0.5f, 2, 0, 0.25f, -0.75f};
    float[] m = {0.1f, 0, 0, -0.2f, 0, 0, 0.3f};
    float[][] deltas = {{0.1f, 0.2f, -0.3f, 0, 0.05f, 0, 1}, {0.3f, 0, 0.1f, 0.2f, -0.05f, 0.5f, 0}, {-0.1f, 0.1f, 0, 0, 0, 0.1f, 0.2f}};
    ShardLayout layout = ShardLayout.of(tensors(x), 3);
    List<Map<String, float[]>> globals = new ArrayList<>();
    List<float[]> momenta = new ArrayList<>();
    List<Traffic> traffic = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      globals.add(TensorFiles.values(tensors(x.clone())));
      momenta.add(layout.gather(TensorFiles.values(tensors(m.clone())), w));
      traffic.add(new Traffic());
    }
    String out = dir.resolve("round").toString();
    List<Object> done = new Turnstile(3).run((w, barrier) -> {
      ShardExchange.run(cfg, layout, conf, out, w, TensorFiles.values(tensors(deltas[w])), globals.get(w), momenta.get(w), barrier, traffic.get(w));
      return w;
    });
    assertThat(done).containsExactly(0, 1, 2);

    float[] whole = x.clone();
    float[] wholeMomentum = m.clone();
    float[] mean = new float[7];
    for (float[] d : deltas) {
      // int8 scales are per chunk of a shard file: quantize shard by shard, as the tasks do
      float[] wire = new float[7];
      for (int k = 0; k < 3; k++) {
        float[] shard = DeltaFile.roundTrip(layout.gather(TensorFiles.values(tensors(d)), k), dtype);
        System.arraycopy(shard, 0, wire, (int) layout.start(k), shard.length);
      }
      for (int i = 0; i < 7; i++) {
        mean[i] += wire[i];
      }
    }
    for (int i = 0; i < 7; i++) {
      mean[i] /= 3;
    }
    OuterOptimizer.step("nesterov", 0.7, 0.9, whole, mean, wholeMomentum);
    float[] got = flat(globals.get(0));
    for (int w = 1; w < 3; w++) {
      assertThat(flat(globals.get(w))).as("worker %d's global weights", w).containsExactly(got);
    }
    double tolerance = dtype.equals("fp32") ? 1e-6 : dtype.equals("bf16") ? 1e-2 : 2e-2;
    for (int i = 0; i < 7; i++) {
      assertThat((double) got[i]).as("weight %d", i).isCloseTo(whole[i], within(tolerance));
    }
    for (int w = 0; w < 3; w++) {
      float[] expected = layout.gather(TensorFiles.values(tensors(wholeMomentum)), w);
      assertThat(momenta.get(w)).as("worker %d's momentum shard (fp32, never on the wire)", w).containsExactly(expected);
      assertThat(traffic.get(w).deltaWritten()).as("two delta shards written").isPositive();
      assertThat(traffic.get(w).exchangeRead()).as("two delta shards and two updates read").isPositive();
    }
  }

  private static float[] flat(Map<String, float[]> g) {
    float[] out = Arrays.copyOf(g.get("a"), 7);
    System.arraycopy(g.get("b"), 0, out, 5, 2);
    return out;
  }
}

package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.train.RunPlan;
import sparktune.train.TensorFile;

/** Shard k of the N deltas summed and stepped by task k gives what one outer step over whole tensors gives. */
class ShardReducerTest {
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

  @Test
  void eachTaskReducesItsShardAsTheWholeOuterStepWould() throws Exception {
    TrainConfig cfg = ConfigLoader.load((Path) null, List.of("train.workers=3", "train.outer=nesterov", "train.outer-lr=0.7",
        "train.outer-momentum=0.9")).train();
    Map<String, TensorFile.Tensor> global = tensors(1, -1, 0.5f, 2, 0, 0.25f, -0.75f);
    ShardLayout layout = ShardLayout.of(global, 3);
    WorkerSetup setup = new WorkerSetup("run", null, null, cfg, new RunPlan(8, 10, 10, 10, 1, 1), layout, TensorFiles.entries(conf));
    String in = dir.resolve("in").toString();
    String out = dir.resolve("out").toString();
    ShardFiles.writeGlobal(conf, in, layout, global);
    Map<String, float[]> momentum = TensorFiles.values(tensors(0.1f, 0, 0, -0.2f, 0, 0, 0.3f));
    ShardFiles.writeMomentum(conf, in, layout, momentum);
    float[][] deltas = {{0.1f, 0.2f, -0.3f, 0, 0.05f, 0, 1}, {0.3f, 0, 0.1f, 0.2f, -0.05f, 0.5f, 0}, {-0.1f, 0.1f, 0, 0, 0, 0.1f, 0.2f}};
    for (int w = 0; w < 3; w++) {
      Map<String, float[]> d = TensorFiles.values(tensors(deltas[w]));
      for (int k = 0; k < 3; k++) {
        float[] shard = layout.gather(d, k);
        DeltaFile.write(conf, ShardFiles.deltaPath(out, w, k), Map.of("values", new TensorFile.Tensor(new long[] {shard.length}, shard)), "fp32");
      }
    }
    RoundSpec spec = new RoundSpec(0, 0, in, out, Arrays.asList(null, null, null));
    long read = 0;
    for (int k = 0; k < 3; k++) {
      ShardReducer.Result r = ShardReducer.run(setup, spec, k);
      read += r.read();
      assertThat(r.written()).isPositive();
    }
    assertThat(read).as("every delta shard, global shard and momentum shard read once").isPositive();

    float[] w = new float[] {1, -1, 0.5f, 2, 0, 0.25f, -0.75f};
    float[] m = {0.1f, 0, 0, -0.2f, 0, 0, 0.3f};
    float[] mean = new float[7];
    for (float[] d : deltas) {
      for (int i = 0; i < 7; i++) {
        mean[i] += d[i];
      }
    }
    for (int i = 0; i < 7; i++) {
      mean[i] /= 3;
    }
    OuterOptimizer.step("nesterov", 0.7, 0.9, w, mean, m);
    Map<String, TensorFile.Tensor> next = ShardFiles.readGlobal(conf, out, layout);
    float[] got = new float[7];
    System.arraycopy(next.get("a").values(), 0, got, 0, 5);
    System.arraycopy(next.get("b").values(), 0, got, 5, 2);
    assertThat(got).containsExactly(w);
    Map<String, float[]> nextMomentum = ShardFiles.readMomentum(conf, out, layout);
    assertThat(nextMomentum.get("a")).containsExactly(Arrays.copyOfRange(m, 0, 5));
    assertThat(nextMomentum.get("b")).containsExactly(Arrays.copyOfRange(m, 5, 7));
  }
}

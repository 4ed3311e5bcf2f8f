package sparktune.distributed;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import sparktune.config.TrainConfig;

/**
 * The second half of a round task, after every worker has written its delta shards (a barrier):
 * task k sums shard k of the N deltas in fp32, applies the outer step to shard k of the global
 * weights with shard k of the outer momentum, and writes the new global and momentum shards into
 * the attempt's folder. Each task reads N shards of P / N values and writes two: the reduction
 * costs every node about the same bytes whatever N is, and the driver none.
 */
public final class ShardReducer {
  private ShardReducer() {}

  /**
   * Bytes task k moved in its reduction.
   *
   * @param read bytes of the delta, global and momentum shards read
   * @param written bytes of the global and momentum shards written
   */
  public record Result(long read, long written) implements java.io.Serializable {}

  /** Reduces shard {@code k} of round {@code spec}. */
  public static Result run(WorkerSetup setup, RoundSpec spec, int k) throws IOException {
    Configuration conf = TensorFiles.conf(setup.hadoopConf());
    ShardLayout layout = setup.layout();
    TrainConfig cfg = setup.train();
    int n = layout.shards();
    float[] sum = new float[layout.length(k)];
    long read = 0;
    for (int w = 0; w < n; w++) {
      String path = ShardFiles.deltaPath(spec.outputDir(), w, k);
      float[] d = DeltaFile.read(conf, path).get(ShardFiles.VALUES);
      if (d == null || d.length != sum.length) {
        throw new IOException(path + " is not shard " + k + " of " + sum.length + " values");
      }
      for (int i = 0; i < sum.length; i++) {
        sum[i] += d[i];
      }
      read += ShardFiles.size(conf, path);
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= n;
    }
    String globalIn = ShardFiles.globalPath(spec.inputDir(), k);
    float[] weights = ShardFiles.readValues(conf, globalIn);
    read += ShardFiles.size(conf, globalIn);
    float[] momentum = null;
    if (cfg.outer().equals(OuterOptimizer.NESTEROV)) {
      String momentumIn = ShardFiles.momentumPath(spec.inputDir(), k);
      if (ShardFiles.exists(conf, momentumIn)) {
        momentum = ShardFiles.readValues(conf, momentumIn);
        read += ShardFiles.size(conf, momentumIn);
      } else {
        momentum = new float[sum.length];
      }
    }
    OuterOptimizer.step(cfg.outer(), cfg.outerLr(), cfg.outerMomentum(), weights, sum, momentum);
    long written = ShardFiles.writeValues(conf, ShardFiles.globalPath(spec.outputDir(), k), weights);
    if (momentum != null) {
      written += ShardFiles.writeValues(conf, ShardFiles.momentumPath(spec.outputDir(), k), momentum);
    }
    return new Result(read, written);
  }
}

package sparktune.distributed;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import sparktune.config.TrainConfig;
import sparktune.train.TensorFile;

/**
 * The weight exchange of one round between N tasks, each holding the same fp32 global weights
 * (all P values) and worker w its shard w of the outer momentum; {@link ShardLayout} cuts the P
 * values into N shards, and task w owns shard w. In {@code train.delta-dtype}:
 * <ol>
 *   <li>task w writes shard k of its delta for every k != w ({@code delta-w-k}) and keeps shard w in
 *       memory (decoded as a reader would decode it); barrier;
 *   <li>it reads shard w of the other N - 1 deltas, sums all N in worker order in fp32, divides by N
 *       and applies the outer step to a copy of its global shard and to its momentum shard; the
 *       change {@code u} of the global shard is written as {@code update-w}; barrier;
 *   <li>it reads the other N - 1 updates and adds every decoded update to its global weights.
 * </ol>
 * Every task adds the same decoded update values to the same fp32 weights, so the global weights
 * stay bit-identical on every task. Per task: (N - 1) / N of a delta written and read, 1 / N of an
 * update written and (N - 1) / N read: about {@code (3 - 2 / N) * P * b} bytes whatever N is.
 */
final class ShardExchange {
  private ShardExchange() {}

  /**
   * Runs the exchange; updates {@code global} (and {@code momentum}) in place.
   *
   * @param dir the folder the delta and update files of this round go to
   * @param delta this task's delta (global - local) by parameter name
   * @param global the fp32 global weights by parameter name (identical on every task)
   * @param momentum this task's momentum shard (nesterov), or null (average)
   */
  static void run(TrainConfig cfg, ShardLayout layout, Configuration conf, String dir, int worker, Map<String, float[]> delta,
      Map<String, float[]> global, float[] momentum, TaskBarrier barrier, Traffic traffic) throws IOException {
    String dtype = cfg.deltaDtype();
    int n = layout.shards();
    float[] own = null;
    for (int k = 0; k < n; k++) {
      float[] shard = layout.gather(delta, k);
      if (k == worker) {
        own = DeltaFile.roundTrip(shard, dtype);
      } else {
        long bytes = write(conf, ShardFiles.deltaPath(dir, worker, k), shard, dtype);
        traffic.exchangeWritten += bytes;
        traffic.deltaWritten += bytes;
      }
    }
    barrier.await();

    float[] mean = new float[layout.length(worker)];
    for (int v = 0; v < n; v++) {
      float[] d = v == worker ? own : read(conf, ShardFiles.deltaPath(dir, v, worker), mean.length, traffic);
      for (int i = 0; i < mean.length; i++) {
        mean[i] += d[i];
      }
    }
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= n;
    }
    float[] before = layout.gather(global, worker);
    float[] after = before.clone();
    OuterOptimizer.step(cfg.outer(), cfg.outerLr(), cfg.outerMomentum(), after, mean, momentum);
    float[] change = new float[after.length];
    for (int i = 0; i < change.length; i++) {
      change[i] = after[i] - before[i];
    }
    long bytes = write(conf, ShardFiles.updatePath(dir, worker), change, dtype);
    traffic.exchangeWritten += bytes;
    traffic.updateWritten += bytes;
    float[] ownUpdate = DeltaFile.roundTrip(change, dtype);
    barrier.await();

    for (int k = 0; k < n; k++) {
      float[] u = k == worker ? ownUpdate : read(conf, ShardFiles.updatePath(dir, k), layout.length(k), traffic);
      apply(layout, global, k, u);
    }
  }

  /** Adds decoded update {@code u} to shard k of {@code global}. */
  static void apply(ShardLayout layout, Map<String, float[]> global, int k, float[] u) {
    float[] shard = layout.gather(global, k);
    for (int i = 0; i < shard.length; i++) {
      shard[i] += u[i];
    }
    layout.scatter(shard, k, global);
  }

  private static long write(Configuration conf, String path, float[] values, String dtype) throws IOException {
    return DeltaFile.write(conf, path, Map.of(ShardFiles.VALUES, new TensorFile.Tensor(new long[] {values.length}, values)), dtype);
  }

  private static float[] read(Configuration conf, String path, int length, Traffic traffic) throws IOException {
    float[] v = DeltaFile.read(conf, path).get(ShardFiles.VALUES);
    if (v == null || v.length != length) {
      throw new IOException(path + " is not a shard of " + length + " values");
    }
    traffic.exchangeRead += ShardFiles.size(conf, path);
    return v;
  }
}

package sparktune.distributed;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import sparktune.train.Batch;

/**
 * One worker's part of a held-out evaluation, run inside a Spark task: load the global weights into
 * the executor's cached model and score this worker's share of the eval batches. The weights come
 * from the cache when it holds the end of the round (the usual case: the round just ran there),
 * otherwise from the global shards the round wrote.
 *
 * <p>It borrows the training model rather than building a second one: between rounds the cached
 * model's weights are dead (the next round overwrites them from the cached global weights before its
 * first step), a forward pass without gradients changes neither the optimizer moments, the cached
 * global weights and momentum, the cache's state tag nor the batch stream (which each round seeks),
 * so the next round computes exactly what it would have. A second model would double the executor's
 * weight memory for nothing. A cold executor builds the entry the next round would build and leaves
 * it in the cache (holding no round's start, so that round loads the saved state).
 */
public final class EvalWorker {
  private EvalWorker() {}

  /**
   * @param round the round whose resulting weights are scored
   * @param weightsDir the folder of those weights' shards (the round's committed output)
   */
  public static EvalResult run(WorkerSetup setup, Broadcast<EvalBatches> batches, int round, String weightsDir, int worker, WorkerCache cache)
      throws IOException {
    long start = System.nanoTime();
    RoundWorker.configureThreads();
    Configuration conf = TensorFiles.conf(setup.hadoopConf());
    WorkerCache.Entry e = cache.take(setup.runId(), worker);
    boolean warm = e != null;
    if (e == null) {
      e = RoundWorker.build(setup, worker, GpuBinding.forCurrentTask().device());
    }
    JniUtils.setGradMode(false); // per thread (see RoundWorker): a forward pass records no graph
    boolean ok = false;
    try {
      if (warm && e.state == round + 1) {
        e.loop.loadWeights(RoundWorker.shaped(setup.layout(), e.global), "cached global weights after round " + round);
      } else {
        e.loop.loadWeights(ShardFiles.readGlobal(conf, weightsDir, setup.layout()), weightsDir);
      }
      List<Batch> share = batches.value().share(worker, setup.slice().workers());
      HeldOut.Nll nll = HeldOut.sum(e.model, share);
      ok = true;
      return new EvalResult(worker, nll, share.size(), (System.nanoTime() - start) / 1e9, warm, RoundWorker.location());
    } finally {
      if (ok) {
        cache.put(e);
      } else {
        e.close(); // as after a failed round: the next round starts cold rather than from doubtful state
      }
    }
  }
}

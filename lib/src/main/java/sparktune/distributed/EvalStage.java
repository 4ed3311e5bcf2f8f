package sparktune.distributed;

import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Scores the held-out batches on the executors as a barrier stage ({@link BarrierStage}): task w
 * runs {@link EvalWorker} for worker w on the executor that holds worker w's cached model, over
 * batches w, w + N, ...
 */
public final class EvalStage {
  private EvalStage() {}

  /**
   * @param weightsDir the folder of the global weight shards to score ({@link ShardFiles})
   * @param preferred per worker, the executor location it ran on last, or null
   * @return the workers' results, by worker index
   */
  public static List<EvalResult> run(SparkContext sc, WorkerSetup setup, Broadcast<EvalBatches> batches, int round, String weightsDir,
      int workers, List<String> preferred) {
    return BarrierStage.run(sc, "Evaluation after round " + round, workers, preferred,
        worker -> {
          try (TaskGuard guard = TaskGuard.enter("Evaluation after round " + round + " worker " + worker)) {
            return EvalWorker.run(setup, batches, round, weightsDir, worker, WorkerCache.JVM);
          }
        });
  }
}

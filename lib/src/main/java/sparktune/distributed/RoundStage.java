package sparktune.distributed;

import java.util.List;
import org.apache.spark.SparkContext;

/**
 * Runs one round attempt as a barrier stage ({@link BarrierStage}): task i is worker i
 * ({@link RoundWorker} with the executor JVM's cache), on the executor that ran worker i last round
 * when it can; the tasks synchronise through marker files in the attempt's folder ({@link FileBarrier}).
 */
public final class RoundStage {
  private RoundStage() {}

  /**
   * @param preferred per worker, the executor location ({@code executor_<host>_<id>}) it ran on
   *     last, or null
   * @return the workers' results, by worker index
   */
  public static List<WorkerResult> run(SparkContext sc, WorkerSetup setup, RoundSpec spec, int workers, List<String> preferred) {
    return BarrierStage.run(sc, "Round " + spec.round(), workers, preferred, worker -> {
      try (TaskGuard guard = TaskGuard.enter("Round " + spec.round() + " worker " + worker)) {
        TaskBarrier barrier = new FileBarrier(TensorFiles.conf(setup.hadoopConf()), spec.outputDir(), worker, workers);
        return RoundWorker.run(setup, spec, worker, WorkerCache.JVM, barrier);
      }
    });
  }
}

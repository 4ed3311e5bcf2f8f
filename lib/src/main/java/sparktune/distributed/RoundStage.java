package sparktune.distributed;

import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkContext;

/**
 * Runs one round attempt as a barrier stage ({@link BarrierStage}): task i is worker i
 * ({@link RoundWorker}), on the executor that ran worker i last round when it can; once every task
 * has written its delta shards (a barrier), task i reduces shard i ({@link ShardReducer}).
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
      WorkerResult trained = RoundWorker.run(setup, spec, worker);
      BarrierTaskContext.get().barrier();
      return trained.plus(ShardReducer.run(setup, spec, worker));
    });
  }
}

package sparktune.distributed;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import sparktune.config.TrainConfig;
import sparktune.train.LrSchedule;
import sparktune.train.RunPlan;

/**
 * Everything a worker needs that does not change between rounds. Serializable (sent with every
 * round's tasks; the blocks travel once, as a broadcast). The worker builds its training loop from
 * {@code train} itself, as single-worker training does, so every {@code train.*} key reaches it.
 *
 * @param runId cache key: the run's directory plus a driver start id, so a new driver never reuses
 *     state cached for an earlier one
 * @param model builds the model on the executor
 * @param blocks the train blocks, broadcast once
 * @param train the run's training configuration
 * @param plan the run's sequence length and rounds, computed once on the driver
 * @param layout the parameters' shards (one per worker): what each worker writes and each task reduces
 * @param hadoopConf the driver's Hadoop settings (file system credentials and endpoints)
 */
public record WorkerSetup(
    String runId,
    ModelSource model,
    Broadcast<BlockData> blocks,
    TrainConfig train,
    RunPlan plan,
    ShardLayout layout,
    Map<String, String> hadoopConf) implements Serializable {

  /** Which sequences each worker reads in a round. */
  public RoundSlice slice() {
    return new RoundSlice(train.workers(), plan.innerSteps(), train.batchSize() * train.gradAccum());
  }

  /** Inner learning rate by global inner step (round * H + k), over rounds * H steps. */
  public LrSchedule schedule() {
    return RunPlan.schedule(train, plan.roundSteps());
  }
}

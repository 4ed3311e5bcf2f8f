package sparktune.distributed;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import sparktune.train.LrSchedule;

/**
 * Everything a worker needs that does not change between rounds. Serializable (sent with every
 * round's tasks; the blocks travel once, as a broadcast).
 *
 * @param runId cache key: the run's directory plus a driver start id, so a new driver never reuses
 *     state cached for an earlier one
 * @param model builds the model on the executor
 * @param blocks the train blocks, broadcast once
 * @param slice which sequences each worker reads in a round
 * @param seqLen tokens per sequence (T)
 * @param batchSize sequences per micro-batch (B)
 * @param gradAccum micro-batches per step
 * @param schedule inner learning rate by global inner step (round * H + k)
 * @param hadoopConf the driver's Hadoop settings (file system credentials and endpoints)
 */
public record WorkerSetup(
    String runId,
    ModelSource model,
    Broadcast<BlockData> blocks,
    RoundSlice slice,
    int seqLen,
    int batchSize,
    int gradAccum,
    String scheduleKind,
    double lr,
    double minLrRatio,
    int warmupSteps,
    long totalSteps,
    double beta1,
    double beta2,
    double eps,
    double weightDecay,
    double maxGradNorm,
    double labelSmoothing,
    long seed,
    Map<String, String> hadoopConf) implements Serializable {

  public LrSchedule schedule() {
    return new LrSchedule(scheduleKind, lr, minLrRatio, warmupSteps, totalSteps);
  }
}

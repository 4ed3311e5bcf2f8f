package sparktune.distributed;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import sparktune.train.Batch;
import sparktune.train.LanguageModel;

/**
 * The held-out loss after a round, driver side: an {@link EvalStage} on the workers' executors
 * (retried like a round), whose NLL sums add up to total NLL / total tokens, the quantity
 * {@link HeldOut#loss} computes; when the stage still fails, the driver reads the weights and scores the batches itself
 * and says so. The batches travel to the executors once, as a broadcast.
 */
final class RoundEval implements AutoCloseable {
  private final SparkContext sc;
  private final WorkerSetup setup;
  private final List<Batch> batches;
  private final Broadcast<EvalBatches> shipped;
  private final RoundRetry retry;
  private final int workers;
  private final PrintStream console;
  private long driverBytes;

  RoundEval(SparkContext sc, WorkerSetup setup, List<Batch> batches, RoundRetry retry, int workers, PrintStream console) {
    this.sc = sc;
    this.setup = setup;
    this.batches = batches;
    this.shipped = batches.isEmpty() ? null : JavaSparkContext.fromSparkContext(sc).broadcast(EvalBatches.of(batches));
    this.retry = retry;
    this.workers = workers;
    this.console = console;
  }

  /** Bytes of weight shards the driver read in the last {@link #after} (0 unless it fell back to scoring them itself). */
  long driverBytes() {
    return driverBytes;
  }

  boolean enabled() {
    return !batches.isEmpty();
  }

  /**
   * Held-out loss of the weights after round {@code round}.
   *
   * @param weightsDir the folder of those weights' shards (the round's committed output)
   * @param preferred per worker, its executor location; updated to where each eval task ran
   * @param driverModel the driver's model, loaded with {@code global} only on the fallback
   */
  double after(int round, String weightsDir, List<String> preferred, LanguageModel driverModel) throws InterruptedException, IOException {
    driverBytes = 0;
    try {
      List<EvalResult> results = retry.run("Evaluation after round " + round,
          attempt -> EvalStage.run(sc, setup, shipped, round, weightsDir, workers, preferred));
      for (EvalResult r : results) {
        preferred.set(r.worker(), r.executor());
      }
      return EvalResult.total(results).mean();
    } catch (RoundRetry.RoundFailedException e) {
      console.println("train: " + e.getMessage() + "; computing the held-out loss of round " + round + " on the driver instead");
      var conf = TensorFiles.conf(setup.hadoopConf());
      TensorFiles.load(driverModel, ShardFiles.readGlobal(conf, weightsDir, setup.layout()), weightsDir);
      for (int k = 0; k < setup.layout().shards(); k++) {
        driverBytes += ShardFiles.size(conf, ShardFiles.globalPath(weightsDir, k));
      }
      return HeldOut.loss(driverModel, batches);
    }
  }

  @Override
  public void close() {
    if (shipped != null) {
      shipped.destroy();
    }
  }
}

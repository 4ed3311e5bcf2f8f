package sparktune.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import sparktune.config.ConfigError;
import sparktune.config.TrainConfig;
import sparktune.plot.LinePlot;
import sparktune.run.MetricsLog;
import sparktune.spark.HadoopFiles;
import sparktune.train.Batch;
import sparktune.train.LanguageModel;
import sparktune.train.LrSchedule;
import sparktune.train.ModelFactory;
import sparktune.train.RunPlan;
import sparktune.train.TensorFile;
import sparktune.train.TokenBlocks;

/**
 * The driver of data-parallel training (DiLoCo); it coordinates and moves no model-sized data in a
 * round. Per round r: run a barrier stage of N tasks ({@link RoundStage}), retried by
 * {@link RoundRetry} when an executor is lost, in which each worker trains from the global weights
 * its executor holds, and the tasks exchange delta and update shards ({@link ShardExchange}); log
 * metrics; at a checkpoint round (every {@code checkpoint-every-rounds} rounds, at {@code save-every},
 * and the last) the tasks save their state and the driver reads the weights back and publishes a
 * checkpoint ({@link RoundCheckpoints}), which becomes the saved state a failed round goes back to.
 */
public final class DistributedTrainer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainConfig cfg;
  private final SparkContext sc;
  private final Configuration conf;
  private final String runDir;
  private final PrintStream console;
  private final String configJson;

  public DistributedTrainer(TrainConfig cfg, SparkContext sc, String runDir, PrintStream console, String configJson) {
    this.cfg = cfg;
    this.sc = sc;
    this.conf = sc.hadoopConfiguration();
    this.runDir = runDir;
    this.console = console;
    this.configJson = configJson;
  }

  /** What the run did. */
  public record Result(int startRound, int rounds, long steps, long tokens, double finalLoss, double finalEvalLoss, double seconds,
      double tokensPerSecond, double coordinationShare, int retries, String checkpoint) {}

  /**
   * Refuses the {@code train.*} settings that single-worker training honours and rounds cannot,
   * naming the key, before anything is written.
   */
  public static void checkKeys(TrainConfig cfg) {
    if (cfg.workers() > 1 && cfg.keepBest()) {
      throw ConfigError.invalid("train.keep-best", true, "is not supported with train.workers > 1 (checkpoints follow rounds): set it to false");
    }
    if (cfg.workers() > 1 && cfg.evalEveryEpoch()) {
      throw ConfigError.invalid("train.eval-every-epoch", true,
          "is not supported with train.workers > 1 (rounds do not end at epoch boundaries): use train.eval-every");
    }
  }

  /**
   * Runs the training.
   *
   * @param initial the starting model (scratch or fine-tuning init), also used for checkpoints and
   *     for the held-out loss when the executors cannot compute it; its weights are overwritten on resume
   * @param factory loads a checkpoint's model on resume
   * @param source builds the same architecture on executors
   * @param extraFiles file name -> path of files copied into every checkpoint (tokenizer)
   */
  public Result run(LanguageModel initial, ModelFactory factory, ModelSource source, TokenBlocks train, TokenBlocks test,
      Map<String, String> extraFiles) throws IOException, InterruptedException {
    checkKeys(cfg);
    checkCluster(cfg, sc);
    int n = cfg.workers();
    int h = cfg.innerSteps();
    RunPlan plan = RunPlan.of(cfg, train, initial.contextSize());
    int totalRounds = plan.rounds();
    RoundCheckpoints checkpoints = new RoundCheckpoints(conf, runDir + "/checkpoints");
    MetricsLog metrics = new MetricsLog(new HadoopFiles(conf), runDir + "/metrics.jsonl");

    Map<String, TensorFile.Tensor> global = TensorFiles.export(initial);
    Map<String, float[]> momentum = Map.of();
    List<RoundSpec.InnerState> inner = new ArrayList<>(Collections.nCopies(n, null));
    int startRound = 0;
    long tokens = 0;
    double priorSeconds = 0;
    if (cfg.resume()) {
      var resumed = checkpoints.latest(cfg.resumeFromLastGood(), console::println);
      if (resumed.isPresent()) {
        RoundCheckpoints.Loaded l = checkpoints.load(resumed.get(), factory, n, h);
        global = l.weights();
        momentum = l.momentum();
        inner = new ArrayList<>(l.inner());
        startRound = l.state().rounds();
        tokens = l.state().tokens();
        priorSeconds = l.state().seconds();
        metrics.loadUpTo(l.state().step());
        console.println("train: resuming " + resumed.get() + " at round " + startRound + " of " + totalRounds);
      } else {
        console.println("train: no checkpoint under " + checkpoints.dir() + "; starting from round 0");
      }
    }
    metrics.flush();
    // The only model-sized data the driver writes outside checkpoints: the starting weights (and a
    // resumed momentum), once. They are the saved state every round can go back to until the first checkpoint.
    ShardLayout layout = ShardLayout.of(global, n);
    String start = runDir + "/rounds/start";
    String stateDir = start;
    int stateRound = startRound;
    ShardFiles.writeGlobal(conf, stateDir, layout, global);
    ShardFiles.writeMomentum(conf, stateDir, layout, momentum);
    global = null;

    var blocks = JavaSparkContext.fromSparkContext(sc).broadcast(BlockData.of(train));
    WorkerSetup setup = new WorkerSetup(runDir + "@" + sc.applicationId(), source, blocks, cfg, plan, layout, TensorFiles.entries(conf));
    RoundSlice slice = setup.slice();
    LrSchedule schedule = setup.schedule();
    List<Batch> evalBatches = HeldOut.batches(test, plan.seqLen(), cfg.batchSize(), cfg.seed(), cfg.evalBatches());
    RoundRetry retry = new RoundRetry(n, cfg.roundRetries(), Duration.ofMillis(cfg.roundTimeoutMillis()), Duration.ofMillis(500),
        this::executors, console::println);
    RoundEval eval = new RoundEval(sc, setup, evalBatches, retry, n, console);
    console.println("train: " + n + " workers x " + h + " inner steps, rounds " + startRound + ".." + (totalRounds - 1)
        + ", outer " + cfg.outer() + " (lr " + cfg.outerLr() + ", momentum " + cfg.outerMomentum() + "), inner " + cfg.optimizer() + " in "
        + cfg.precision() + ", deltas in " + cfg.deltaDtype());

    List<String> preferred = new ArrayList<>(Collections.nCopies(n, null));
    HadoopFiles files = new HadoopFiles(conf);
    long begin = System.nanoTime();
    long tokensHere = 0;
    double lastLoss = Double.NaN;
    double evalLoss = Double.NaN;
    double coordination = 0;
    double roundTime = 0;
    int retries = 0;
    String lastCheckpoint = null;
    for (int r = startRound; r < totalRounds; r++) {
      long roundStart = System.nanoTime();
      String roundDir = runDir + "/rounds/round-" + r;
      long step = (long) (r + 1) * h;
      boolean last = r == totalRounds - 1;
      boolean evalDue = eval.enabled() && (last || (cfg.evalEvery() > 0 && step / cfg.evalEvery() > (step - h) / cfg.evalEvery()));
      boolean saveDue = cfg.saveEvery() > 0 && step / cfg.saveEvery() > (step - h) / cfg.saveEvery();
      boolean checkpointDue = last || saveDue || (r + 1) % cfg.checkpointEveryRounds() == 0;
      final int round = r;
      final String savedDir = stateDir;
      final int savedRound = stateRound;
      final List<RoundSpec.InnerState> saved = Collections.unmodifiableList(new ArrayList<>(inner));
      final int[] attempts = {0};
      List<WorkerResult> results = retry.run(r, attempt -> {
        attempts[0] = attempt + 1;
        RoundSpec spec = new RoundSpec(round, attempt, savedDir, savedRound, roundDir + "/attempt-" + attempt, saved, checkpointDue, evalDue);
        return RoundStage.run(sc, setup, spec, n, preferred);
      });
      retries += attempts[0] - 1;
      String output = roundDir + "/attempt-" + (attempts[0] - 1);
      for (WorkerResult w : results) {
        if (r == startRound) {
          console.println("train: worker " + w.worker() + " on " + w.executor() + ", device " + w.device());
        }
        preferred.set(w.worker(), w.executor());
      }
      RoundReport report = RoundReport.of(results);
      tokens += report.tokens();
      tokensHere += report.tokens();
      lastLoss = report.loss();
      double seconds = (System.nanoTime() - roundStart) / 1e9;
      coordination += Math.max(0, seconds - report.slowest());
      roundTime += seconds;
      Map<String, Object> row = report.row(r, step, schedule.at(step - 1), tokens, seconds);
      row.put("attempts", attempts[0]);
      row.put("parameters", layout.size());
      long driverBytes = 0;
      if (evalDue) {
        evalLoss = eval.after(r, output, preferred, initial);
        driverBytes += eval.driverBytes();
        row.put("eval_loss", evalLoss);
      }
      RoundCheckpoints.Staged staged = null;
      if (checkpointDue) {
        for (WorkerResult w : results) {
          inner.set(w.worker(), w.inner());
        }
        long position = slice.roundStart(r + 1);
        long perEpoch = plan.sequencesPerEpoch();
        RoundState state = new RoundState(r + 1, step, n, h, position, RoundSlice.epoch(position, perEpoch), RoundSlice.offset(position, perEpoch),
            tokens, priorSeconds + (System.nanoTime() - begin) / 1e9, inner.stream().map(RoundSpec.InnerState::updates).toList(),
            inner.stream().map(RoundSpec.InnerState::lossScale).toList(), inner.stream().map(RoundSpec.InnerState::goodSteps).toList(), cfg.outer(),
            JSON.readTree(configJson));
        // A checkpoint is the one place the driver reads the weights (and momentum) of a round.
        Map<String, TensorFile.Tensor> weights = ShardFiles.readGlobal(conf, output, layout);
        TensorFiles.load(initial, weights, "global weights of round " + r);
        Map<String, float[]> outerMomentum = ShardFiles.readMomentum(conf, output, layout);
        for (int k = 0; k < n; k++) {
          driverBytes += sizeOrZero(ShardFiles.globalPath(output, k)) + sizeOrZero(ShardFiles.momentumPath(output, k))
              + sizeOrZero(inner.get(k).path());
        }
        staged = checkpoints.stage(state, initial, outerMomentum, weights, inner, extraFiles);
        driverBytes += staged.bytes();
      }
      row.put("driver_bytes", driverBytes);
      // The row is logged before the checkpoint is published: a driver lost while publishing resumes
      // from the previous checkpoint and drops the row with the metrics after it.
      metrics.add(row);
      metrics.flush();
      plot(metrics);
      if (staged != null) {
        try (RoundCheckpoints.Staged s = staged) {
          lastCheckpoint = checkpoints.publish(s);
        }
        checkpoints.retain(cfg.saveTotalLimit());
        console.println("train: checkpoint " + lastCheckpoint);
        // The round's output is the new saved state; the previous one is no longer needed.
        files.delete(stateDir.equals(start) ? start : parent(stateDir));
        stateDir = output;
        stateRound = r + 1;
      } else {
        files.delete(roundDir); // deltas, updates, failed attempts and replays of a round that saved nothing
      }
      console.println("train: " + JSON.writeValueAsString(row));
    }
    blocks.destroy();
    eval.close();
    double seconds = (System.nanoTime() - begin) / 1e9;
    return new Result(startRound, totalRounds, (long) totalRounds * h, tokens, lastLoss, evalLoss, seconds, tokensHere / Math.max(1e-9, seconds),
        roundTime == 0 ? 0 : coordination / roundTime, retries, lastCheckpoint);
  }

  /** loss.png (train and held-out), lr.png and grad_norm.png beside metrics.jsonl, as single-worker training writes. */
  private void plot(MetricsLog metrics) {
    HadoopFiles files = new HadoopFiles(conf);
    files.writeBytes(runDir + "/loss.png", LinePlot.png("Loss (" + cfg.run() + ", " + cfg.workers() + " workers)", "inner step", "loss per token",
        List.of(new LinePlot.Series("train (mean of workers)", metrics.series("loss"), LinePlot.BLUE),
            new LinePlot.Series("eval", metrics.series("eval_loss"), LinePlot.ORANGE))));
    files.writeBytes(runDir + "/lr.png", LinePlot.png("Inner learning rate (" + cfg.run() + ")", "inner step", "lr",
        List.of(new LinePlot.Series("lr", metrics.series("lr"), LinePlot.BLUE))));
    files.writeBytes(runDir + "/grad_norm.png", LinePlot.png("Gradient norm before clipping (" + cfg.run() + ")", "inner step", "global L2 norm",
        List.of(new LinePlot.Series("grad norm (mean of workers)", metrics.series("grad_norm"), LinePlot.BLUE))));
  }

  private long sizeOrZero(String path) throws IOException {
    return ShardFiles.exists(conf, path) ? ShardFiles.size(conf, path) : 0;
  }

  private static String parent(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  /** Registered executors (the driver is listed too on a cluster). */
  private int executors() {
    int all = sc.statusTracker().getExecutorInfos().length;
    return sc.isLocal() ? all : all - 1;
  }

  /**
   * Fails unless each worker gets its own executor JVM: a cluster master (not local[N]; one worker
   * may share the driver's JVM) and executors with no more cores than a task claims.
   */
  public static void checkCluster(TrainConfig cfg, SparkContext sc) {
    String master = sc.master();
    if (cfg.workers() > 1 && (master.startsWith("local[") || master.equals("local"))) {
      throw ConfigError.invalid("train.workers", cfg.workers(), "needs executors in separate JVMs (spark://, k8s://, yarn or local-cluster[N,1,MB]); "
          + "with master " + master + " all tasks share this JVM, and DJL allows one training task per JVM");
    }
    String cores = sc.getConf().get("spark.executor.cores", null);
    int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
    if (cores != null && Integer.parseInt(cores.trim()) > taskCpus) {
      throw ConfigError.invalid("spark.task.cpus", taskCpus, "must equal spark.executor.cores (" + cores.trim()
          + ") for train.workers > 1: one training task per executor JVM (DJL allows one gradient collector per JVM)");
    }
  }
}

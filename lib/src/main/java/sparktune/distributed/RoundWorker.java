package sparktune.distributed;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import sparktune.config.TrainConfig;
import sparktune.train.DataCursor;
import sparktune.train.InnerLoop;
import sparktune.train.StepResult;
import sparktune.train.TensorFile;

/**
 * One worker's task in a round. Its executor's cache ({@link WorkerCache}) holds the fp32 global
 * weights, its outer momentum shard and its inner optimizer state as they were at the start of the
 * round; the task trains H inner steps from the global weights on its slice, and the N tasks then
 * exchange deltas and updates ({@link ShardExchange}), after which every cache holds the start of
 * the next round. Nothing model-sized is saved unless the round is a checkpoint (global and
 * momentum shard, inner state) or an evaluation follows (global shard).
 *
 * <p>When any task finds no cached start of the round (a new or replaced executor, a failed earlier
 * attempt, a resumed driver), every task loads the saved state (the last checkpoint, or the run's
 * start) and replays the rounds since then before this one. Every round is a function of its start
 * (weights from the global weights, data from (seed, round, worker), dropout from (seed, worker,
 * step), the inner state), so a replay computes exactly what the first computation did.
 */
public final class RoundWorker {
  private RoundWorker() {}

  /** The inner steps of one round. */
  private record Trained(List<Double> losses, double normSum, int skipped, long tokens) {}

  /**
   * Runs worker {@code worker}'s task of round {@code spec} with the executor's cache and the task
   * barrier of the round's N tasks.
   */
  public static WorkerResult run(WorkerSetup setup, RoundSpec spec, int worker, WorkerCache cache, TaskBarrier barrier) throws IOException {
    long start = System.nanoTime();
    configureThreads();
    GpuBinding.Choice device = GpuBinding.forCurrentTask();
    Configuration conf = TensorFiles.conf(setup.hadoopConf());
    WorkerCache.Entry e = cache.take(setup.runId(), worker);
    boolean cached = e != null;
    if (e == null) {
      e = build(setup, worker, device.device());
    }
    boolean warm = cached && e.state == spec.round();
    // PyTorch's grad mode is per thread and on by default; DJL turns it off only in the thread that
    // loaded the engine. Spark may run the next round in another thread, where the optimizer's
    // in-place updates of leaf parameters would then be recorded (or refused): turn it off here.
    JniUtils.setGradMode(false);
    boolean ok = false;
    try {
      Traffic traffic = new Traffic();
      int from = spec.round();
      boolean fresh = false;
      if (!barrier.all(warm)) {
        from = spec.stateRound();
        fresh = load(setup, spec, worker, e, cached, conf, traffic);
      }
      e.state = -1; // from here on the cache leaves the start of a round
      Trained last = null;
      double computeSeconds = 0;
      for (int r = from; r <= spec.round(); r++) {
        last = train(setup, e, r, worker);
        computeSeconds = (System.nanoTime() - start) / 1e9;
        String dir = r == spec.round() ? spec.outputDir() : spec.outputDir() + "/replay-" + r;
        Map<String, float[]> delta = delta(e.global, e.loop.weights());
        ShardExchange.run(setup.train(), setup.layout(), conf, dir, worker, delta, e.global, e.momentum, barrier, traffic);
      }
      RoundSpec.InnerState inner = null;
      if (spec.checkpoint()) {
        inner = save(setup, spec.outputDir(), worker, e, conf, traffic);
      } else if (spec.publish()) {
        traffic.stateWritten += ShardFiles.writeValues(conf, ShardFiles.globalPath(spec.outputDir(), worker), setup.layout().gather(e.global, worker));
      }
      e.state = spec.round() + 1;
      ok = true;
      return new WorkerResult(worker, last.losses(), last.normSum(), last.skipped(), last.tokens(), computeSeconds, traffic, inner, warm, fresh,
          spec.round() - from, location(), device.device() + " (" + device.reason() + "), " + JniUtils.getNumThreads() + " threads");
    } finally {
      if (ok) {
        cache.put(e);
      } else {
        e.close(); // a failed round's state is never reused
      }
    }
  }

  /** H inner steps of round {@code round} from the entry's global weights, on the worker's slice. */
  private static Trained train(WorkerSetup setup, WorkerCache.Entry e, int round, int worker) {
    e.loop.loadWeights(shaped(setup.layout(), e.global), "global weights of round " + round);
    RoundSlice slice = setup.slice();
    long position = slice.start(round, worker);
    long perEpoch = e.loop.stream().sequences();
    e.loop.stream().seek(new DataCursor(RoundSlice.epoch(position, perEpoch), RoundSlice.offset(position, perEpoch)));
    int h = slice.innerSteps();
    List<Double> losses = new ArrayList<>(h);
    double normSum = 0;
    int skipped = 0;
    long tokens = 0;
    for (int k = 0; k < h; k++) {
      StepResult r = e.loop.step((long) round * h + k);
      losses.add(r.loss());
      if (r.applied()) {
        normSum += r.gradNorm();
      } else {
        skipped++; // a non-finite gradient norm: the step's update was skipped
      }
      tokens += r.tokens();
    }
    return new Trained(losses, normSum, skipped, tokens);
  }

  /**
   * Loads the saved state at the start of {@code spec.stateRound()} into the entry: all global
   * shards, this worker's momentum shard and its inner state; true when the optimizer starts fresh.
   */
  private static boolean load(WorkerSetup setup, RoundSpec spec, int worker, WorkerCache.Entry e, boolean cached, Configuration conf,
      Traffic traffic) throws IOException {
    ShardLayout layout = setup.layout();
    String dir = spec.stateDir();
    e.global = TensorFiles.values(ShardFiles.readGlobal(conf, dir, layout));
    for (int k = 0; k < layout.shards(); k++) {
      traffic.stateRead += ShardFiles.size(conf, ShardFiles.globalPath(dir, k));
    }
    e.momentum = null;
    if (setup.train().outer().equals(OuterOptimizer.NESTEROV)) {
      String path = ShardFiles.momentumPath(dir, worker);
      if (ShardFiles.exists(conf, path)) {
        e.momentum = ShardFiles.readValues(conf, path);
        traffic.stateRead += ShardFiles.size(conf, path);
      } else {
        e.momentum = new float[layout.length(worker)];
      }
    }
    RoundSpec.InnerState inner = spec.inner().get(worker);
    if (inner == null) {
      if (cached) {
        e.loop.reset();
      }
      return true;
    }
    e.loop.restore(TensorFiles.read(conf, inner.path()), inner.updates(), inner.lossScale(), inner.goodSteps());
    traffic.stateRead += ShardFiles.size(conf, inner.path());
    return false;
  }

  /** Saves the start of the next round: global shard, momentum shard (nesterov), inner state. */
  private static RoundSpec.InnerState save(WorkerSetup setup, String dir, int worker, WorkerCache.Entry e, Configuration conf, Traffic traffic)
      throws IOException {
    traffic.stateWritten += ShardFiles.writeValues(conf, ShardFiles.globalPath(dir, worker), setup.layout().gather(e.global, worker));
    if (e.momentum != null) {
      traffic.stateWritten += ShardFiles.writeValues(conf, ShardFiles.momentumPath(dir, worker), e.momentum);
    }
    String path = ShardFiles.innerPath(dir, worker);
    TensorFiles.write(conf, path, e.loop.optimizer().exportState());
    long bytes = ShardFiles.size(conf, path);
    traffic.stateWritten += bytes;
    traffic.innerWritten += bytes;
    return new RoundSpec.InnerState(path, e.loop.optimizer().updates(), e.loop.scaler().scale(), e.loop.scaler().goodSteps());
  }

  /** Tensors with the layout's shapes over the given values (not copied). */
  static Map<String, TensorFile.Tensor> shaped(ShardLayout layout, Map<String, float[]> values) {
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < layout.names().size(); i++) {
      out.put(layout.names().get(i), new TensorFile.Tensor(layout.shapes().get(i), values.get(layout.names().get(i))));
    }
    return out;
  }

  /** global - local, by tensor name. */
  static Map<String, float[]> delta(Map<String, float[]> global, Map<String, TensorFile.Tensor> local) {
    Map<String, float[]> delta = new LinkedHashMap<>();
    global.forEach((name, gv) -> {
      float[] l = local.get(name).values();
      float[] d = new float[l.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = gv[i] - l[i];
      }
      delta.put(name, d);
    });
    return delta;
  }

  /**
   * A new cache entry for the worker: the model on the device and the training loop that
   * single-worker training runs, built from the run's config (optimizer, precision, schedule,
   * batches), with worker w's dropout seed.
   */
  static WorkerCache.Entry build(WorkerSetup setup, int worker, Device device) {
    TrainConfig cfg = setup.train();
    var model = setup.model().create(RoundSlice.seed(cfg.seed(), worker), device);
    try {
      InnerLoop loop = new InnerLoop(cfg, setup.plan(), model, setup.blocks().value().toTokenBlocks(), setup.schedule(),
          RoundSlice.seed(cfg.seed(), worker));
      return new WorkerCache.Entry(setup.runId(), worker, model, loop);
    } catch (RuntimeException ex) {
      model.close();
      throw ex;
    }
  }

  /** Intra-op threads = the task's CPUs, set before the engine loads (it reads these once per JVM). */
  static void configureThreads() {
    TaskContext ctx = TaskContext.get();
    if (ctx != null && System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(Math.max(1, ctx.cpus())));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /** {@code executor_<host>_<id>}: Spark's spelling of an executor location preference. */
  static String location() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return "driver";
    }
    return "executor_" + env.blockManager().blockManagerId().host() + "_" + env.executorId();
  }
}

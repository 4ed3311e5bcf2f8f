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
import sparktune.train.DataCursor;
import sparktune.train.InnerLoop;
import sparktune.train.StepResult;
import sparktune.train.TensorFile;

/**
 * One worker's training part of a round, run inside a Spark task: restore the committed inner state
 * (optimizer moments, loss scale) into the (cached) {@link InnerLoop}, load the round's global
 * weight shards (into the fp32 masters under fp16), run H inner steps on the worker's slice, and
 * write its delta (global - local) as one file per shard in {@code train.delta-dtype}
 * ({@code delta-W-K}) and its optimizer state ({@code inner-W}). {@link ShardReducer} follows. The output is a function of
 * the round input alone: weights from the global file, data from (seed, round, worker), dropout from
 * (seed, worker, step), inner state from the committed file (or this JVM's copy of exactly that file).
 */
public final class RoundWorker {
  private RoundWorker() {}

  public static WorkerResult run(WorkerSetup setup, RoundSpec spec, int worker) throws IOException {
    long start = System.nanoTime();
    int round = spec.round();
    configureThreads();
    try (TaskGuard guard = TaskGuard.enter("Round " + round + " worker " + worker)) {
      GpuBinding.Choice device = GpuBinding.forCurrentTask();
      Configuration conf = TensorFiles.conf(setup.hadoopConf());
      WorkerCache.Entry e = WorkerCache.take(setup.runId(), worker);
      boolean warm = e != null;
      if (e == null) {
        e = build(setup, worker, device.device());
      }
      // PyTorch's grad mode is per thread and on by default; DJL turns it off only in the thread that
      // loaded the engine. Spark may run the next round in another thread, where the optimizer's
      // in-place updates of leaf parameters would then be recorded (or refused): turn it off here.
      JniUtils.setGradMode(false);
      boolean ok = false;
      try {
        Map<String, TensorFile.Tensor> global = ShardFiles.readGlobal(conf, spec.inputDir(), setup.layout());
        long read = 0;
        for (int k = 0; k < setup.layout().shards(); k++) {
          read += ShardFiles.size(conf, ShardFiles.globalPath(spec.inputDir(), k));
        }
        RoundSpec.InnerState committed = spec.inner().get(worker);
        boolean fresh = restoreInner(e, committed, warm, conf);
        e.innerTag = null; // the optimizer is about to move away from any committed state
        e.loop.loadWeights(global, spec.inputDir());

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

        String innerPath = spec.outputDir() + "/inner-" + worker + ".safetensors";
        Map<String, float[]> delta = delta(global, e.loop.weights());
        long deltaBytes = 0;
        for (int k = 0; k < setup.layout().shards(); k++) {
          deltaBytes += DeltaFile.write(conf, ShardFiles.deltaPath(spec.outputDir(), worker, k),
              Map.of(ShardFiles.VALUES, new TensorFile.Tensor(new long[] {setup.layout().length(k)}, setup.layout().gather(delta, k))),
              setup.train().deltaDtype());
        }
        TensorFiles.write(conf, innerPath, e.loop.optimizer().exportState());
        long innerBytes = ShardFiles.size(conf, innerPath);
        e.innerTag = innerPath;
        ok = true;
        double seconds = (System.nanoTime() - start) / 1e9;
        RoundSpec.InnerState after = new RoundSpec.InnerState(innerPath, e.loop.optimizer().updates(), e.loop.scaler().scale(),
            e.loop.scaler().goodSteps());
        return new WorkerResult(worker, losses, normSum, skipped, tokens, seconds, deltaBytes, read, deltaBytes, innerBytes, after, warm, fresh, location(),
            device.device() + " (" + device.reason() + "), " + JniUtils.getNumThreads() + " threads");
      } finally {
        if (ok) {
          WorkerCache.put(e);
        } else {
          e.close(); // a failed round's state is never reused
        }
      }
    }
  }

  /** global - local, by tensor name. */
  static Map<String, float[]> delta(Map<String, TensorFile.Tensor> global, Map<String, TensorFile.Tensor> local) {
    Map<String, float[]> delta = new LinkedHashMap<>();
    global.forEach((name, g) -> {
      float[] l = local.get(name).values();
      float[] gv = g.values();
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
    var model = setup.model().create(RoundSlice.seed(setup.train().seed(), worker), device);
    try {
      InnerLoop loop = new InnerLoop(setup.train(), setup.plan(), model, setup.blocks().value().toTokenBlocks(), setup.schedule(),
          RoundSlice.seed(setup.train().seed(), worker));
      return new WorkerCache.Entry(setup.runId(), worker, model, loop);
    } catch (RuntimeException ex) {
      model.close();
      throw ex;
    }
  }

  /** Brings the entry's optimizer and loss scaler to the committed state; true when they start from zero. */
  private static boolean restoreInner(WorkerCache.Entry e, RoundSpec.InnerState committed, boolean warm, Configuration conf) throws IOException {
    if (committed == null) {
      if (warm) {
        e.loop.reset();
      }
      return true;
    }
    if (!committed.path().equals(e.innerTag)) {
      e.loop.restore(TensorFiles.read(conf, committed.path()), committed.updates(), committed.lossScale(), committed.goodSteps());
    }
    return false;
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

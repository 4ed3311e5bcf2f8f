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
import sparktune.train.AdamW;
import sparktune.train.Batch;
import sparktune.train.BatchStream;
import sparktune.train.DataCursor;
import sparktune.train.LossScaler;
import sparktune.train.LrSchedule;
import sparktune.train.StepResult;
import sparktune.train.TensorFile;
import sparktune.train.TrainStep;

/**
 * One worker's part of a round, run inside a Spark task: load the round's global weights into the
 * (cached) model, restore the committed inner optimizer state, run H AdamW steps on the worker's
 * slice, and write {@code delta-W} (global - local) and {@code inner-W} (AdamW moments) files.
 * The output is a function of the round input alone: weights from the global file, data and
 * dropout seeds from (seed, round, worker), inner state from the committed file (or this JVM's
 * copy of exactly that file).
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
        Map<String, TensorFile.Tensor> global = TensorFiles.read(conf, spec.globalPath());
        TensorFiles.load(e.model, global, spec.globalPath());
        boolean fresh = restoreInner(e, spec.inner().get(worker), conf, setup);
        e.innerTag = null; // the optimizer is about to move away from any committed state

        RoundSlice slice = setup.slice();
        long position = slice.start(round, worker);
        long perEpoch = e.stream.sequences();
        e.stream.seek(new DataCursor(RoundSlice.epoch(position, perEpoch), RoundSlice.offset(position, perEpoch)));
        LrSchedule schedule = setup.schedule();
        // Not closed: closing a TrainStep closes the optimizer, which the cache keeps for the next round.
        TrainStep step = new TrainStep(e.model, e.adam, LossScaler.none(), setup.maxGradNorm(), setup.labelSmoothing(),
            RoundSlice.seed(setup.seed(), round, worker));
        double lossSum = 0;
        double normSum = 0;
        int skipped = 0;
        long tokens = 0;
        int h = slice.innerSteps();
        for (int k = 0; k < h; k++) {
          List<Batch> micro = new ArrayList<>(setup.gradAccum());
          for (int i = 0; i < setup.gradAccum(); i++) {
            micro.add(e.stream.next());
          }
          long globalStep = (long) round * h + k;
          StepResult r = step.run(micro, schedule.at(globalStep), globalStep);
          lossSum += r.loss();
          if (r.applied()) {
            normSum += r.gradNorm();
          } else {
            skipped++; // a non-finite gradient norm: the step's update was skipped
          }
          tokens += r.tokens();
        }

        String deltaPath = spec.outputDir() + "/delta-" + worker + ".safetensors";
        String innerPath = spec.outputDir() + "/inner-" + worker + ".safetensors";
        TensorFiles.write(conf, deltaPath, TensorFiles.withShapes(global, delta(global, TensorFiles.export(e.model))));
        TensorFiles.write(conf, innerPath, e.adam.exportState());
        e.innerTag = innerPath;
        ok = true;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new WorkerResult(worker, lossSum, normSum, h, skipped, tokens, seconds, deltaPath, new RoundSpec.InnerState(innerPath, e.adam.updates()),
            warm, fresh, location(), device.device() + " (" + device.reason() + "), " + JniUtils.getNumThreads() + " threads");
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

  /** A new cache entry for the worker: model on the device, fresh AdamW, the worker's batch stream. */
  static WorkerCache.Entry build(WorkerSetup setup, int worker, Device device) {
    var model = setup.model().create(RoundSlice.seed(setup.seed(), -1, worker), device);
    BatchStream stream = new BatchStream(setup.blocks().value().toTokenBlocks(), setup.seqLen(), setup.batchSize(), setup.seed(), true);
    return new WorkerCache.Entry(setup.runId(), worker, model, stream, newAdam(setup, model));
  }

  private static AdamW newAdam(WorkerSetup s, sparktune.train.LanguageModel model) {
    return new AdamW(model.parameters(), s.beta1(), s.beta2(), s.eps(), s.weightDecay(), model.manager());
  }

  /** Brings the entry's optimizer to the committed state; true when it starts from zero. */
  private static boolean restoreInner(WorkerCache.Entry e, RoundSpec.InnerState committed, Configuration conf, WorkerSetup setup)
      throws IOException {
    if (committed == null) {
      if (e.innerTag != null || e.adam.updates() > 0) {
        e.adam.close();
        e.adam = newAdam(setup, e.model);
      }
      return true;
    }
    if (!committed.path().equals(e.innerTag)) {
      e.adam.importState(TensorFiles.read(conf, committed.path()), committed.updates());
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

package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.model.Gpt2Config;
import sparktune.train.LanguageModel;
import sparktune.train.LossScaler;
import sparktune.train.RunPlan;
import sparktune.train.TensorFile;
import sparktune.train.TokenBlocks;

/**
 * One worker's rounds outside Spark (no task context: CPU), each on its own thread as Spark's task
 * threads may be: a retried round, with a warm or a cold executor cache, writes the same delta.
 */
class RoundWorkerTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();
  private static final Gpt2Config MODEL = new Gpt2Config(32, 16, 16, 1, 2, 64, 1e-5, 0, 0, 0, 0, 0);

  /** A broadcast that is just a value (what an executor sees after fetching one). */
  private static final class Fixed<T> extends Broadcast<T> {
    private final T value;

    Fixed(T value) {
      super(0L, ClassTag$.MODULE$.apply(Object.class));
      this.value = value;
    }

    @Override
    public T getValue() {
      return value;
    }

    @Override
    public void doUnpersist(boolean blocking) {}

    @Override
    public void doDestroy(boolean blocking) {}
  }

  /** 2 workers x 3 inner steps of 4 sequences of 16 tokens, constant lr 1e-2, seed 11; then {@code sets}. */
  private WorkerSetup setup(String runId, String... sets) {
    List<String> all = new ArrayList<>(List.of("train.workers=2", "train.inner-steps=3", "train.rounds=2", "train.batch-size=4",
        "train.seq-len=16", "train.schedule=constant", "train.lr=1e-2", "train.warmup-steps=0", "train.weight-decay=0.1",
        "train.max-grad-norm=1.0", "train.seed=11"));
    all.addAll(List.of(sets));
    TrainConfig cfg = ConfigLoader.load((Path) null, all).train();
    TokenBlocks train = blocks(64, 3);
    return new WorkerSetup(runId, Gpt2Source.of(MODEL), new Fixed<>(BlockData.of(train)), cfg, RunPlan.of(cfg, train, MODEL.nPositions()),
        layout(), TensorFiles.entries(conf));
  }

  /** The model's parameters in 2 shards (one per worker). */
  private static ShardLayout layout() {
    try (LanguageModel m = Gpt2Source.of(MODEL).create(0, ai.djl.Device.cpu())) {
      return ShardLayout.of(TensorFiles.export(m), 2);
    }
  }

  /** Worker 1's delta in the attempt folder {@code name}, its shards put end to end. */
  private float[] deltas(String name) throws Exception {
    float[] a = DeltaFile.read(conf, ShardFiles.deltaPath(dir.resolve(name).toString(), 1, 0)).get("values");
    float[] b = DeltaFile.read(conf, ShardFiles.deltaPath(dir.resolve(name).toString(), 1, 1)).get("values");
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static TokenBlocks blocks(int count, long seed) {
    Random r = new Random(seed);
    List<int[]> blocks = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      int[] ids = new int[16];
      ids[0] = 1 + r.nextInt(31);
      for (int i = 1; i < ids.length; i++) {
        ids[i] = (5 * ids[i - 1] + 2) % 31 + 1;
      }
      blocks.add(ids);
    }
    return TokenBlocks.of(blocks, 16, 0, 32);
  }

  /** Runs worker 1's round on a new thread, as a new Spark task thread would. */
  private static WorkerResult onNewThread(WorkerSetup setup, RoundSpec spec) throws Exception {
    return onNewThread(() -> RoundWorker.run(setup, spec, 1));
  }

  @SuppressWarnings("unchecked")
  private static <T> T onNewThread(Callable<T> task) throws Exception {
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        out.set(task.call());
      } catch (Exception | Error e) {
        out.set(e);
      }
    });
    t.start();
    t.join();
    if (out.get() instanceof Throwable e) {
      throw new AssertionError("worker failed", e);
    }
    return (T) out.get();
  }

  private float[] flat(String path) throws Exception {
    Map<String, TensorFile.Tensor> t = TensorFiles.read(conf, path);
    return t.values().stream().map(TensorFile.Tensor::values).reduce((a, b) -> {
      float[] c = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, c, a.length, b.length);
      return c;
    }).orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({"adamw, fp32", "adafactor, fp32", "adamw, fp16", "adafactor, fp16"})
  void aRetriedRoundWritesTheSameDeltaWithAWarmOrAColdCache(String optimizer, String precision) throws Exception {
    String global = dir.resolve("global").toString();
    try (LanguageModel m = Gpt2Source.of(MODEL).create(5, ai.djl.Device.cpu())) {
      ShardFiles.writeGlobal(conf, global, layout(), TensorFiles.export(m));
    }
    String[] sets = {"train.optimizer=" + optimizer, "train.precision=" + precision};
    WorkerSetup setup = setup("run-a-" + optimizer + precision, sets);
    WorkerResult r0 = onNewThread(setup, new RoundSpec(0, 0, global, dir.resolve("r0").toString(), Arrays.asList(null, null)));
    assertThat(r0.freshOptimizer()).isTrue();
    RoundSpec round1 = new RoundSpec(1, 0, global, dir.resolve("r1-a0").toString(), Arrays.asList(null, r0.inner()));

    WorkerResult warm = onNewThread(setup, round1);
    WorkerResult retried = onNewThread(setup, new RoundSpec(1, 1, global, dir.resolve("r1-a1").toString(), round1.inner()));
    WorkerResult cold = onNewThread(setup("run-b-" + optimizer + precision, sets),
        new RoundSpec(1, 2, global, dir.resolve("r1-a2").toString(), round1.inner()));

    assertThat(warm.warm()).isTrue();
    assertThat(retried.warm()).isTrue();
    assertThat(cold.warm()).isFalse();
    assertThat(retried.inner().lossScale()).isEqualTo(warm.inner().lossScale());
    assertThat(cold.inner().lossScale()).isEqualTo(warm.inner().lossScale());
    assertThat(cold.inner().goodSteps()).isEqualTo(warm.inner().goodSteps());
    assertThat(cold.stepLosses()).containsExactlyElementsOf(warm.stepLosses());
    if (precision.equals("fp16")) {
      // The loss scaler's committed state travels with the optimizer's: round 1 continues round 0's scale.
      assertThat(r0.inner().lossScale()).isLessThanOrEqualTo(LossScaler.INITIAL_SCALE);
      assertThat(r0.inner().goodSteps() + r0.skippedSteps()).isEqualTo(3);
      assertThat(TensorFiles.read(conf, warm.inner().path())).containsKey("master.transformer.wte.weight");
    } else {
      assertThat(warm.skippedSteps() + retried.skippedSteps() + cold.skippedSteps()).isZero();
      assertThat(warm.inner().lossScale()).isEqualTo(1.0);
    }
    float[] expected = deltas("r1-a0");
    assertThat(deltas("r1-a1")).containsExactly(expected);
    assertThat(deltas("r1-a2")).containsExactly(expected);
    assertThat(flat(cold.inner().path())).containsExactly(flat(warm.inner().path()));
    assertThat(warm.meanLoss()).isEqualTo(cold.meanLoss());
    assertThat(dir.resolve("r0/delta-1-1.safetensors")).exists();
  }

  @Test
  void evaluatingOnTheCachedModelAddsUpToTheDriversLossAndLeavesTheNextRoundUnchanged() throws Exception {
    String global = dir.resolve("global").toString();
    String after0 = dir.resolve("after-0").toString();
    List<sparktune.train.Batch> batches = HeldOut.batches(blocks(40, 9), 16, 4, 11, 5);
    assertThat(batches).hasSize(5);
    Fixed<EvalBatches> shipped = new Fixed<>(EvalBatches.of(batches));
    try (LanguageModel m = Gpt2Source.of(MODEL).create(5, ai.djl.Device.cpu()); LanguageModel n = Gpt2Source.of(MODEL).create(6, ai.djl.Device.cpu())) {
      ShardFiles.writeGlobal(conf, global, layout(), TensorFiles.export(m));
      ShardFiles.writeGlobal(conf, after0, layout(), TensorFiles.export(n));
      WorkerSetup setup = setup("run-e");
      WorkerResult r0 = onNewThread(setup, new RoundSpec(0, 0, global, dir.resolve("e-r0").toString(), Arrays.asList(null, null)));
      RoundSpec round1 = new RoundSpec(1, 0, after0, dir.resolve("e-r1-a0").toString(), Arrays.asList(null, r0.inner()));

      // Worker 1 scores its share with its cached model; round 1 then reuses that model and its moments.
      EvalResult w1 = onNewThread(() -> EvalWorker.run(setup, shipped, 0, after0, 1));
      WorkerResult afterEval = onNewThread(setup, round1);
      WorkerResult reference = onNewThread(setup("run-f"), new RoundSpec(1, 1, after0, dir.resolve("e-r1-a1").toString(), round1.inner()));
      assertThat(w1.warm()).isTrue();
      assertThat(afterEval.warm()).isTrue();
      assertThat(reference.warm()).isFalse();
      assertThat(deltas("e-r1-a0")).containsExactly(deltas("e-r1-a1"));
      assertThat(flat(afterEval.inner().path())).containsExactly(flat(reference.inner().path()));

      // Worker 0 finds no entry of its own (the JVM's one slot held worker 1's) and builds one; so does worker 1 after it.
      EvalResult w0 = onNewThread(() -> EvalWorker.run(setup, shipped, 0, after0, 0));
      EvalResult w1cold = onNewThread(() -> EvalWorker.run(setup, shipped, 0, after0, 1));
      assertThat(w0.warm()).isFalse();
      assertThat(w1cold.warm()).isFalse();
      assertThat(w1cold.nll()).isEqualTo(w1.nll());
      assertThat(w0.batches()).isEqualTo(3);
      assertThat(w1.batches()).isEqualTo(2);
      double executors = EvalResult.total(List.of(w0, w1)).mean();
      assertThat(executors).isCloseTo(HeldOut.loss(n, batches), org.assertj.core.api.Assertions.withinPercentage(1e-4));

      // A round that finds the entry an evaluation built reads the committed moments from the file: same result.
      WorkerResult afterColdEval = onNewThread(setup, new RoundSpec(1, 2, after0, dir.resolve("e-r1-a2").toString(), round1.inner()));
      assertThat(afterColdEval.warm()).isTrue();
      assertThat(deltas("e-r1-a2")).containsExactly(deltas("e-r1-a1"));
    }
  }
}

package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * Two workers' rounds outside Spark, as two executors with their own caches ({@link Turnstile}: a
 * thread each, one at a time, meeting at the round's barriers): the workers' global weights stay
 * bit-identical, a warm round moves at most 3 x P x (bytes per wire value) per task, and a round
 * that finds a cold cache (a replaced executor, a failed attempt) replays from the saved state and
 * computes exactly what an undisturbed run computes.
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

  /** 2 workers x 3 inner steps of 4 sequences of 16 tokens, constant lr 1e-2, nesterov, seed 11; then {@code sets}. */
  private WorkerSetup setup(String runId, String... sets) {
    List<String> all = new ArrayList<>(List.of("train.workers=2", "train.inner-steps=3", "train.rounds=3", "train.batch-size=4",
        "train.seq-len=16", "train.schedule=constant", "train.lr=1e-2", "train.warmup-steps=0", "train.weight-decay=0.1",
        "train.max-grad-norm=1.0", "train.seed=11", "train.outer=nesterov"));
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

  /** The run's starting weights as the driver writes them. */
  private String start() throws Exception {
    String start = dir.resolve("start").toString();
    try (LanguageModel m = Gpt2Source.of(MODEL).create(5, ai.djl.Device.cpu())) {
      ShardFiles.writeGlobal(conf, start, layout(), TensorFiles.export(m));
    }
    return start;
  }

  private static WorkerCache[] executors() {
    return new WorkerCache[] {new WorkerCache(), new WorkerCache()};
  }

  /** Runs the round's two tasks; every task must succeed. */
  private static List<WorkerResult> round(WorkerSetup setup, RoundSpec spec, WorkerCache[] caches) throws Exception {
    List<Object> out = new Turnstile(2).run((w, barrier) -> RoundWorker.run(setup, spec, w, caches[w], barrier));
    List<WorkerResult> results = new ArrayList<>();
    for (Object o : out) {
      if (o instanceof Throwable t) {
        throw new AssertionError("worker failed", t);
      }
      results.add((WorkerResult) o);
    }
    return results;
  }

  private RoundSpec spec(String run, int round, int attempt, String stateDir, int stateRound, List<RoundSpec.InnerState> inner, boolean checkpoint,
      boolean publish) {
    return new RoundSpec(round, attempt, stateDir, stateRound, dir.resolve(run + "/round-" + round + "/attempt-" + attempt).toString(), inner,
        checkpoint, publish);
  }

  /** The cached global weights of a worker's executor, left in its cache. */
  private static Map<String, float[]> globals(WorkerCache cache, WorkerSetup setup, int worker) {
    WorkerCache.Entry e = cache.take(setup.runId(), worker);
    assertThat(e).as("worker %d's cache entry", worker).isNotNull();
    cache.put(e);
    return e.global;
  }

  private static void assertSameGlobals(Map<String, float[]> a, Map<String, float[]> b) {
    assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
    a.forEach((name, v) -> assertThat(v).as(name).containsExactly(b.get(name)));
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
  @CsvSource({"adamw, fp32, fp32", "adafactor, fp32, bf16", "adamw, fp16, int8", "adafactor, fp16, bf16"})
  void aReplayedRoundComputesWhatAnUndisturbedRunComputes(String optimizer, String precision, String dtype) throws Exception {
    String start = start();
    String[] sets = {"train.optimizer=" + optimizer, "train.precision=" + precision, "train.delta-dtype=" + dtype};
    List<RoundSpec.InnerState> none = Arrays.asList(null, null);

    // Undisturbed: round 0 saves its state (a checkpoint), rounds 1 and 2 run warm; round 2 saves too, for comparison.
    WorkerSetup a = setup("run-a", sets);
    WorkerCache[] ea = executors();
    List<WorkerResult> a0 = round(a, spec("a", 0, 0, start, 0, none, true, false), ea);
    assertThat(a0).allMatch(r -> !r.warm() && r.freshOptimizer() && r.replayed() == 0);
    assertSameGlobals(globals(ea[0], a, 0), globals(ea[1], a, 1));
    String saved = dir.resolve("a/round-0/attempt-0").toString();
    List<RoundSpec.InnerState> inner0 = a0.stream().map(WorkerResult::inner).toList();
    List<WorkerResult> a1 = round(a, spec("a", 1, 0, saved, 1, inner0, false, false), ea);
    assertThat(a1).allMatch(r -> r.warm() && !r.freshOptimizer() && r.replayed() == 0 && r.inner() == null);
    assertSameGlobals(globals(ea[0], a, 0), globals(ea[1], a, 1));
    long p = a.layout().size();
    int b = DeltaFile.wireBytes(dtype);
    for (WorkerResult r : a1) {
      assertThat(r.traffic().stateRead() + r.traffic().stateWritten()).as("a warm round without checkpoint saves and loads nothing").isZero();
      assertThat(r.traffic().total()).as("bytes worker %d read and wrote (P = %d, %s)", r.worker(), p, dtype)
          .isPositive().isLessThanOrEqualTo(3 * p * b);
    }
    List<WorkerResult> a2 = round(a, spec("a", 2, 0, saved, 1, inner0, true, false), ea);
    Map<String, float[]> expected = globals(ea[0], a, 0);
    assertSameGlobals(globals(ea[1], a, 1), expected);
    if (precision.equals("fp16")) {
      // The loss scaler's state travels with the optimizer's: round 2 continues round 1's scale.
      assertThat(a0.get(1).inner().lossScale()).isLessThanOrEqualTo(LossScaler.INITIAL_SCALE);
      assertThat(TensorFiles.read(conf, a2.get(1).inner().path())).containsKey("master.transformer.wte.weight");
    } else {
      assertThat(a2.get(1).inner().lossScale()).isEqualTo(1.0);
    }

    // Worker 0's executor is replaced after round 1: round 2 finds it cold, so both workers load the
    // state saved after round 0 and replay round 1 first.
    WorkerSetup c = setup("run-c", sets);
    WorkerCache[] ec = executors();
    List<RoundSpec.InnerState> innerC = round(c, spec("c", 0, 0, start, 0, none, true, false), ec).stream().map(WorkerResult::inner).toList();
    String savedC = dir.resolve("c/round-0/attempt-0").toString();
    round(c, spec("c", 1, 0, savedC, 1, innerC, false, false), ec);
    ec[0] = new WorkerCache();
    List<WorkerResult> c2 = round(c, spec("c", 2, 0, savedC, 1, innerC, true, false), ec);
    assertThat(c2).extracting(WorkerResult::warm).containsExactly(false, true);
    assertThat(c2).allMatch(r -> r.replayed() == 1);
    assertThat(c2.get(0).traffic().stateRead()).as("the saved state read back").isPositive();

    // Then an attempt of round 2 fails when worker 1 is lost before the last barrier of its replayed
    // round; the next attempt (every cache closed) replays again.
    // (barriers: 2 for the warm vote, then 2 per round)
    List<Object> failed = new Turnstile(2).failing(1, 4)
        .run((w, barrier) -> RoundWorker.run(c, spec("c", 2, 1, savedC, 1, innerC, true, false), w, ec[w], barrier));
    assertThat(failed).allMatch(o -> o instanceof Throwable);
    List<WorkerResult> c2again = round(c, spec("c", 2, 2, savedC, 1, innerC, true, false), ec);
    assertThat(c2again).allMatch(r -> !r.warm() && r.replayed() == 1);

    for (List<WorkerResult> replayed : List.of(c2, c2again)) {
      for (int w = 0; w < 2; w++) {
        assertThat(replayed.get(w).stepLosses()).containsExactlyElementsOf(a2.get(w).stepLosses());
        assertThat(flat(replayed.get(w).inner().path())).containsExactly(flat(a2.get(w).inner().path()));
        assertThat(replayed.get(w).inner().lossScale()).isEqualTo(a2.get(w).inner().lossScale());
        assertThat(replayed.get(w).inner().goodSteps()).isEqualTo(a2.get(w).inner().goodSteps());
      }
    }
    assertSameGlobals(globals(ec[0], c, 0), expected);
    assertSameGlobals(globals(ec[1], c, 1), expected);
    for (int k = 0; k < 2; k++) {
      assertThat(ShardFiles.readValues(conf, ShardFiles.globalPath(dir.resolve("c/round-2/attempt-2").toString(), k)))
          .containsExactly(ShardFiles.readValues(conf, ShardFiles.globalPath(dir.resolve("a/round-2/attempt-0").toString(), k)));
      assertThat(ShardFiles.readValues(conf, ShardFiles.momentumPath(dir.resolve("c/round-2/attempt-2").toString(), k)))
          .containsExactly(ShardFiles.readValues(conf, ShardFiles.momentumPath(dir.resolve("a/round-2/attempt-0").toString(), k)));
    }
  }

  @Test
  void evaluatingOnTheCachedWeightsAddsUpToTheDriversLossAndLeavesTheNextRoundUnchanged() throws Exception {
    String start = start();
    List<RoundSpec.InnerState> none = Arrays.asList(null, null);
    List<sparktune.train.Batch> batches = HeldOut.batches(blocks(40, 9), 16, 4, 11, 5);
    assertThat(batches).hasSize(5);
    Fixed<EvalBatches> shipped = new Fixed<>(EvalBatches.of(batches));

    WorkerSetup e = setup("run-e");
    WorkerCache[] ee = executors();
    List<RoundSpec.InnerState> inner = round(e, spec("e", 0, 0, start, 0, none, true, false), ee).stream().map(WorkerResult::inner).toList();
    String saved = dir.resolve("e/round-0/attempt-0").toString();
    round(e, spec("e", 1, 0, saved, 1, inner, false, true), ee);
    String published = dir.resolve("e/round-1/attempt-0").toString();
    // Each worker scores its share with the weights its executor holds; they add up to the loss of the published weights.
    List<Object> scored = new Turnstile(2).run((w, barrier) -> EvalWorker.run(e, shipped, 1, published, w, ee[w]));
    List<EvalResult> results = scored.stream().map(o -> (EvalResult) o).toList();
    assertThat(results).allMatch(EvalResult::warm);
    assertThat(results).extracting(EvalResult::batches).containsExactly(3, 2);
    try (LanguageModel m = Gpt2Source.of(MODEL).create(0, ai.djl.Device.cpu())) {
      TensorFiles.load(m, ShardFiles.readGlobal(conf, published, e.layout()), published);
      assertThat(EvalResult.total(results).mean()).isCloseTo(HeldOut.loss(m, batches), org.assertj.core.api.Assertions.withinPercentage(1e-4));
    }
    List<WorkerResult> after = round(e, spec("e", 2, 0, saved, 1, inner, false, false), ee);
    assertThat(after).allMatch(WorkerResult::warm);

    WorkerSetup f = setup("run-f");
    WorkerCache[] ef = executors();
    List<RoundSpec.InnerState> innerF = round(f, spec("f", 0, 0, start, 0, none, true, false), ef).stream().map(WorkerResult::inner).toList();
    String savedF = dir.resolve("f/round-0/attempt-0").toString();
    round(f, spec("f", 1, 0, savedF, 1, innerF, false, false), ef);
    List<WorkerResult> reference = round(f, spec("f", 2, 0, savedF, 1, innerF, false, false), ef);
    for (int w = 0; w < 2; w++) {
      assertThat(after.get(w).stepLosses()).containsExactlyElementsOf(reference.get(w).stepLosses());
    }
    assertSameGlobals(globals(ee[0], e, 0), globals(ef[0], f, 0));
  }
}

package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.model.Gpt2Config;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.testing.CyclicBlocks;
import sparktune.testing.JsonLines;
import sparktune.testing.OneTorchThread;
import sparktune.testing.SharedSpark;
import sparktune.train.LanguageModel;
import sparktune.train.ModelFactory;
import sparktune.train.TokenBlocks;
import sparktune.train.Trainer;

/**
 * One worker in rounds of H inner steps, averaged with outer lr 1, trains what single-worker
 * training trains: the same batches, dropout masks, optimizer, precision and loss scaling, step for
 * step. The distributed run is a real round stage on the shared local Spark session (one worker may
 * share the driver's JVM).
 */
@ExtendWith(OneTorchThread.class)
class OneWorkerEquivalenceTest {
  private static final int VOCAB = 32;
  private static final Gpt2Config MODEL = new Gpt2Config(VOCAB, 16, 16, 1, 2, 64, 1e-5, 0.1, 0.1, 0.1, 0, 0);
  private static final ModelSource SOURCE = Gpt2Source.of(MODEL);

  @TempDir Path dir;

  /** 2 rounds x 3 inner steps = 6 steps of 2 micro-batches of 4 sequences (T 8), warmup then cosine decay. */
  private static TrainConfig config(String... sets) {
    List<String> all = new ArrayList<>(List.of("train.max-steps=6", "train.inner-steps=3", "train.batch-size=4", "train.grad-accum=2",
        "train.seq-len=8", "train.lr=3e-3", "train.warmup-steps=2", "train.schedule=cosine", "train.label-smoothing=0.1",
        "train.max-grad-norm=0.5", "train.log-every=1", "train.save-every=0", "train.seed=5", "train.outer=average", "train.outer-lr=1",
        "train.delta-dtype=fp32")); // exact deltas and updates: one worker is the single-worker run
    all.addAll(List.of(sets));
    return ConfigLoader.load((Path) null, all).train();
  }

  private static final ModelFactory FACTORY = new ModelFactory() {
    @Override
    public LanguageModel scratch(int vocabSize, long seed) {
      return SOURCE.create(seed, Device.cpu());
    }

    @Override
    public LanguageModel load(Path modelDir) {
      throw new UnsupportedOperationException("no model directories in this test");
    }
  };

  @ParameterizedTest
  @CsvSource({"adamw, fp32", "adafactor, fp32", "adamw, fp16", "adafactor, fp16"})
  void oneAveragedWorkerLosesWhatSingleWorkerTrainingLosesStepForStep(String optimizer, String precision) throws Exception {
    TrainConfig cfg = config("train.optimizer=" + optimizer, "train.precision=" + precision);
    TokenBlocks train = CyclicBlocks.of(24, 16, VOCAB, 3);
    ShardManifest manifest = new ShardManifest("train", "gpt2", "abc", VOCAB, 0, 16, 24, 0, 0, 0, 0, 0, Map.of(), 1.0, 0, null, "now");
    HadoopFiles files = new HadoopFiles(new Configuration());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);

    Path single = dir.resolve("single");
    new Trainer(cfg, FACTORY, files, single.toString(), quiet, "{}").run(train, null, manifest, null, Map.of());
    List<Double> expected = JsonLines.values(single.resolve("metrics.jsonl"), "loss");

    Path rounds = dir.resolve("rounds");
    DistributedTrainer.Result r;
    try (LanguageModel initial = FACTORY.scratch(VOCAB, cfg.seed())) {
      r = new DistributedTrainer(cfg, SharedSpark.get().sparkContext(), rounds.toString(), quiet, "{}")
          .run(initial, FACTORY, SOURCE, train, null, Map.of());
    }
    List<Double> actual = new ArrayList<>();
    for (JsonNode row : JsonLines.read(rounds.resolve("metrics.jsonl"))) {
      row.get("step_losses").forEach(v -> actual.add(Math.round(v.asDouble() * 1e6) / 1e6)); // as metrics.jsonl rounds "loss"
    }

    assertThat(r.rounds()).isEqualTo(2);
    assertThat(expected).hasSize(6);
    assertThat(actual).hasSize(6);
    // Round 0 starts from the same weights: bit for bit. Round 1 starts from global - (global - local),
    // which fp32 rounding may move by an ulp from local.
    assertThat(actual.subList(0, 3)).containsExactlyElementsOf(expected.subList(0, 3));
    for (int i = 3; i < 6; i++) {
      assertThat(actual.get(i)).as("loss of step %d", i + 1).isCloseTo(expected.get(i), org.assertj.core.api.Assertions.within(1e-5));
    }
    assertThat(expected.get(5)).isNotEqualTo(expected.get(0));
  }
}

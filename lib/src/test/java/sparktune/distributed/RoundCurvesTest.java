package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.model.Gpt2Config;
import sparktune.testing.CyclicBlocks;
import sparktune.testing.JsonLines;
import sparktune.testing.OneTorchThread;
import sparktune.testing.SharedSpark;
import sparktune.testing.TfEvents;
import sparktune.train.LanguageModel;
import sparktune.train.ModelFactory;

/** Rounds write their metrics rows as TensorBoard scalars too, at the inner step each round ends on. */
@ExtendWith(OneTorchThread.class)
class RoundCurvesTest {
  private static final int VOCAB = 32;
  private static final ModelSource SOURCE = Gpt2Source.of(new Gpt2Config(VOCAB, 16, 16, 1, 2, 64, 1e-5, 0, 0, 0, 0, 0));

  @TempDir Path dir;

  @Test
  void eachRoundIsAPointOfTheTrainAndEvalCurves() throws Exception {
    TrainConfig cfg = ConfigLoader.load((Path) null, List.of("train.max-steps=6", "train.inner-steps=3", "train.batch-size=4", "train.seq-len=8",
        "train.lr=3e-3", "train.warmup-steps=2", "train.log-every=1", "train.save-every=0", "train.eval-every=3", "train.eval-batches=2",
        "train.outer=average", "train.outer-lr=1")).train();
    ModelFactory factory = new ModelFactory() {
      @Override
      public LanguageModel scratch(int vocabSize, long seed) {
        return SOURCE.create(seed, Device.cpu());
      }

      @Override
      public LanguageModel load(Path modelDir) {
        throw new UnsupportedOperationException("no model directories in this test");
      }
    };
    Path run = dir.resolve("rounds");
    try (LanguageModel initial = factory.scratch(VOCAB, cfg.seed())) {
      new DistributedTrainer(cfg, SharedSpark.get().sparkContext(), run.toString(), new PrintStream(new ByteArrayOutputStream(), true), "{}")
          .run(initial, factory, SOURCE, CyclicBlocks.of(24, 16, VOCAB, 3), CyclicBlocks.of(4, 16, VOCAB, 5), Map.of());
    }

    List<Path> files = TfEvents.files(run);
    assertThat(files).hasSize(1);
    List<TfEvents.Event> events = TfEvents.read(files.get(0));
    assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
    List<JsonNode> rows = JsonLines.read(run.resolve("metrics.jsonl"));
    assertThat(rows).hasSize(2);
    for (String[] t : new String[][] {{"train/loss", "loss"}, {"train/lr", "lr"}, {"train/grad_norm", "grad_norm"},
        {"train/tokens_per_s", "tokens_per_s"}, {"eval/loss", "eval_loss"}}) {
      Map<Long, Float> curve = TfEvents.curve(events, t[0]);
      assertThat(curve.keySet()).as(t[0]).containsExactly(3L, 6L);
      for (JsonNode row : rows) {
        assertThat(curve.get(row.get("step").asLong())).as(t[0]).isEqualTo((float) row.get(t[1]).asDouble());
      }
    }
    Map<Long, Float> ppl = TfEvents.curve(events, "eval/perplexity");
    for (JsonNode row : rows) {
      assertThat((double) ppl.get(row.get("step").asLong())).isCloseTo(Math.exp(row.get("eval_loss").asDouble()), within(1e-3));
    }
  }
}

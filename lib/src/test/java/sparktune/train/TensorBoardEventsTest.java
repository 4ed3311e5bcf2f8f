package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.TrainConfig;
import sparktune.spark.HadoopFiles;
import sparktune.testing.CyclicBlocks;
import sparktune.testing.JsonLines;
import sparktune.testing.OneTorchThread;
import sparktune.testing.TfEvents;

/** Single-worker training writes its curves as a TensorBoard event file in runs/&lt;run&gt;/, read back here by an independent decoder. */
@ExtendWith(OneTorchThread.class)
class TensorBoardEventsTest {
  private final HadoopFiles files = new HadoopFiles(new Configuration());

  @TempDir Path tmp;

  private void train(TrainConfig cfg, Path run) throws Exception {
    new Trainer(cfg, TinyLm.factory(16, 0.1f), files, run.toString(), new PrintStream(new ByteArrayOutputStream(), true), "{}")
        .run(CyclicBlocks.of(12, 16, TrainerTest.VOCAB, 3), CyclicBlocks.of(3, 16, TrainerTest.VOCAB, 4), TrainerTest.manifest(), null, Map.of());
  }

  /** metrics.jsonl's {@code key} as step -> value, rounded to float as simple_value stores it. */
  private static Map<Long, Float> metrics(Path run, String key) throws Exception {
    Map<Long, Float> out = new LinkedHashMap<>();
    for (JsonNode row : JsonLines.read(run.resolve("metrics.jsonl"))) {
      if (row.has(key)) {
        out.put(row.get("step").asLong(), (float) row.get(key).asDouble());
      }
    }
    return out;
  }

  @Test
  void trainAndEvalCurvesAreScalarsAtTheirSteps() throws Exception {
    Path run = tmp.resolve("run");
    double before = System.currentTimeMillis() / 1000.0;
    train(TrainerTest.config("train.max-steps=10"), run);

    List<Path> eventFiles = TfEvents.files(run);
    assertThat(eventFiles).hasSize(1);
    assertThat(eventFiles.get(0).getFileName().toString()).matches("events\\.out\\.tfevents\\.\\d{10}\\.[A-Za-z0-9._-]+");
    List<TfEvents.Event> events = TfEvents.read(eventFiles.get(0));
    assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
    // The 12 bytes every TensorFlow-written event file starts with: length 24 (the file_version event) and its masked CRC.
    assertThat(Arrays.copyOf(Files.readAllBytes(eventFiles.get(0)), 12))
        .isEqualTo(new byte[] {0x18, 0, 0, 0, 0, 0, 0, 0, (byte) 0xa3, 0x7f, 0x4b, 0x22});
    assertThat(events).allSatisfy(e -> assertThat(e.wallTime()).isBetween(Math.floor(before), System.currentTimeMillis() / 1000.0));

    List<Long> allSteps = LongStream.rangeClosed(1, 10).boxed().toList();
    for (String[] t : new String[][] {{"train/loss", "loss"}, {"train/lr", "lr"}, {"train/grad_norm", "grad_norm"},
        {"train/tokens_per_s", "tokens_per_s"}}) {
      Map<Long, Float> curve = TfEvents.curve(events, t[0]);
      assertThat(curve.keySet()).as(t[0]).containsExactlyElementsOf(allSteps);
      assertThat(curve).as(t[0]).isEqualTo(metrics(run, t[1]));
    }
    assertThat(TfEvents.curve(events, "eval/loss").keySet()).containsExactly(3L, 6L, 9L, 10L);
    assertThat(TfEvents.curve(events, "eval/loss")).isEqualTo(metrics(run, "eval_loss"));
    assertThat(TfEvents.curve(events, "eval/perplexity")).isEqualTo(metrics(run, "eval_ppl"));
    assertThat(TfEvents.curve(events, "train/loss").get(1L)).isGreaterThan(TfEvents.curve(events, "train/loss").get(10L));
  }

  @Test
  void aResumedRunContinuesTheCurvesAndAFreshRunStartsThemOver() throws Exception {
    Path run = tmp.resolve("split");
    train(TrainerTest.config("train.max-steps=12", "train.save-every=6", "train.save-total-limit=0"), run);
    files.delete(run.resolve("checkpoints/step-12").toString()); // the run stopped after step 6's checkpoint
    Path first = TfEvents.files(run).get(0);
    byte[] firstBytes = Files.readAllBytes(first);

    train(TrainerTest.config("train.max-steps=12", "train.save-every=6", "train.resume=true"), run);

    List<Path> eventFiles = TfEvents.files(run);
    assertThat(eventFiles).hasSize(2).startsWith(first);
    assertThat(Files.readAllBytes(first)).isEqualTo(firstBytes);
    List<TfEvents.Event> resumed = TfEvents.read(eventFiles.get(1));
    assertThat(resumed.get(0).fileVersion()).isEqualTo("brain.Event:2");
    assertThat(resumed.get(1).sessionStatus()).as("SessionLog START").isEqualTo(1);
    assertThat(resumed.get(1).step()).isEqualTo(7);
    assertThat(TfEvents.curve(resumed, "train/loss").keySet()).containsExactlyElementsOf(LongStream.rangeClosed(7, 12).boxed().toList());

    // As TensorBoard joins the files: points of earlier files at or after a restart's step give way to the later file's.
    Map<Long, Float> joined = new LinkedHashMap<>();
    for (Path f : eventFiles) {
      for (TfEvents.Event e : TfEvents.read(f)) {
        if (e.sessionStatus() == 1) {
          joined.keySet().removeIf(step -> step >= e.step());
        }
        if (e.scalars().containsKey("train/loss")) {
          joined.put(e.step(), e.scalars().get("train/loss"));
        }
      }
    }
    assertThat(joined).isEqualTo(metrics(run, "loss"));
    assertThat(joined.keySet()).containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());

    train(TrainerTest.config("train.max-steps=4"), run);
    eventFiles = TfEvents.files(run);
    assertThat(eventFiles).hasSize(1);
    assertThat(TfEvents.curve(TfEvents.read(eventFiles.get(0)), "train/loss").keySet()).containsExactly(1L, 2L, 3L, 4L);
  }
}

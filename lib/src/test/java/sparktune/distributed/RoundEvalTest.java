package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.model.Gpt2Config;
import sparktune.train.RunPlan;
import sparktune.testing.OneTorchThread;
import sparktune.testing.SharedSpark;
import sparktune.train.Batch;
import sparktune.train.LanguageModel;

/** The driver side of the executors' held-out evaluation, when the evaluation stage cannot run. */
@ExtendWith(OneTorchThread.class)
class RoundEvalTest {
  @TempDir java.nio.file.Path dir;
  private final Gpt2Source source = Gpt2Source.of(new Gpt2Config(16, 8, 8, 1, 2, 32, 1e-5, 0, 0, 0, 0, 0));

  @Test
  void whenTheEvaluationStageFailsTheDriverScoresTheSameWeightsAndSaysSo() throws Exception {
    List<Batch> batches = List.of(
        new Batch(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, new long[] {2, 3, 4, 5, 6, 7, 8, 9}, new float[] {1, 1, 1, 1, 1, 1, 1, 0}, 2, 4),
        new Batch(new int[] {9, 10, 11, 12}, new long[] {10, 11, 12, 13}, new float[] {1, 1, 1, 1}, 1, 4));
    List<String> retryLog = new ArrayList<>();
    // two workers needed, none ever registered: the stage cannot start and no attempt is left
    RoundRetry retry = new RoundRetry(2, 0, Duration.ZERO, Duration.ofMillis(1), () -> 0, retryLog::add);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (LanguageModel weights = source.create(1, Device.cpu()); LanguageModel driver = source.create(2, Device.cpu())) {
      ShardLayout layout = ShardLayout.of(TensorFiles.export(weights), 2);
      String shards = dir.resolve("round-3").toString();
      ShardFiles.writeGlobal(new Configuration(), shards, layout, TensorFiles.export(weights));
      WorkerSetup setup = new WorkerSetup("run", source, null, ConfigLoader.load((java.nio.file.Path) null, List.of("train.workers=2")).train(),
          new RunPlan(4, 10, 10, 10, 1, 1), layout, TensorFiles.entries(new Configuration()));
      RoundEval eval = new RoundEval(SharedSpark.get().sparkContext(), setup, batches, retry, 2, new PrintStream(console, true, StandardCharsets.UTF_8));
      double expected = HeldOut.loss(weights, batches);
      assertThat(HeldOut.loss(driver, batches)).isNotEqualTo(expected);

      double loss = eval.after(3, shards, new ArrayList<>(Arrays.asList(null, null)), driver);
      eval.close();

      assertThat(loss).isEqualTo(expected);
      assertThat(console.toString(StandardCharsets.UTF_8))
          .contains("Evaluation after round 3: only 0 of 2 executors (train.workers) registered")
          .contains("computing the held-out loss of round 3 on the driver instead");
    }
  }
}

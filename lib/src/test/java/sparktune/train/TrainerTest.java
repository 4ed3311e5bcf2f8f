package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.run.Checkpoints;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.testing.CyclicBlocks;
import sparktune.testing.JsonLines;
import sparktune.testing.OneTorchThread;

@ExtendWith(OneTorchThread.class)
class TrainerTest {
  static final int VOCAB = 40;
  final HadoopFiles files = new HadoopFiles(new Configuration());

  @TempDir Path tmp;

  static TrainConfig config(String... sets) {
    List<String> all = new ArrayList<>(List.of("train.batch-size=2", "train.seq-len=8", "train.lr=0.01", "train.warmup-steps=2",
        "train.log-every=1", "train.eval-every=3", "train.eval-batches=2", "train.save-every=4", "train.save-total-limit=2"));
    all.addAll(List.of(sets));
    return ConfigLoader.load((Path) null, all).train();
  }

  static ShardManifest manifest() {
    return new ShardManifest("train", "gpt2", "abc", VOCAB, 0, 16, 2, 0, 0, 0, 0, 0, Map.of(), 1.0, 0, null, "now");
  }

  TrainResult train(TrainConfig cfg, String runDir, ByteArrayOutputStream console) throws Exception {
    Trainer trainer = new Trainer(cfg, TinyLm.factory(16, 0.1f), files, runDir, new PrintStream(console, true), "{}");
    return trainer.run(CyclicBlocks.of(12, 16, VOCAB, 3), CyclicBlocks.of(3, 16, VOCAB, 4), manifest(), null, Map.of());
  }

  @Test
  void resumedRunReproducesTheUninterruptedLossCurve() throws Exception {
    Path straight = tmp.resolve("straight");
    train(config("train.max-steps=12"), straight.toString(), new ByteArrayOutputStream());

    Path split = tmp.resolve("split");
    // A run that stopped after step 6: same schedule, its later checkpoint removed.
    train(config("train.max-steps=12", "train.save-every=6", "train.save-total-limit=0"), split.toString(), new ByteArrayOutputStream());
    files.delete(split.resolve("checkpoints/step-12").toString());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    TrainResult resumed = train(config("train.max-steps=12", "train.save-every=6", "train.resume=true"), split.toString(), console);

    assertThat(console.toString()).contains("resuming").contains("at step 6");
    assertThat(resumed.steps()).isEqualTo(12);
    List<Double> a = JsonLines.values(straight.resolve("metrics.jsonl"), "loss");
    List<Double> b = JsonLines.values(split.resolve("metrics.jsonl"), "loss");
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("loss at step %d", i + 1).isCloseTo(a.get(i), within(1e-5));
    }
  }

  @Test
  void checkpointsArePublishedWithChecksumsAndPruned() throws Exception {
    Path run = tmp.resolve("run");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    TrainResult r = train(config("train.max-steps=10"), run.toString(), console);

    Path ckpts = run.resolve("checkpoints");
    try (var list = Files.list(ckpts)) {
      assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("step-10", "step-8");
    }
    Path last = ckpts.resolve("step-10");
    assertThat(r.checkpoint()).endsWith("step-10");
    assertThat(last.resolve("config.json")).exists();
    assertThat(last.resolve("model.safetensors")).exists();
    assertThat(last.resolve("trainer_state/optimizer.safetensors")).exists();
    TrainerState state = TrainerState.parse(Files.readString(last.resolve("trainer_state/state.json")), "test");
    assertThat(state.step()).isEqualTo(10);
    assertThat(state.adamUpdates()).isEqualTo(10);
    assertThat(state.position() + (long) state.epoch() * new BatchStream(CyclicBlocks.of(12, 16, VOCAB, 3), 8, 2, 0, true).sequences())
        .isEqualTo(10 * 2);
    assertThat(TensorFile.read(last.resolve("trainer_state/optimizer.safetensors"))).containsKeys("exp_avg.lm_head.weight", "exp_avg_sq.transformer.wte.bias");
    Checkpoints c = new Checkpoints(files, ckpts.toString());
    assertThat(c.verify(c.path(10))).isTrue();

    Files.write(last.resolve("model.safetensors"), new byte[] {1, 2, 3});
    assertThat(c.verify(c.path(10))).isFalse();
    assertThat(c.verify(c.path(8))).isTrue();

    assertThat(console.toString()).contains("train step 10/10 (100%)").contains("tok/s").contains("ETA").contains("eval step 9");
    List<JsonNode> rows = JsonLines.read(run.resolve("metrics.jsonl"));
    JsonNode first = rows.get(0);
    assertThat(first.fieldNames()).toIterable().containsExactly("step", "epoch", "loss", "lr", "grad_norm", "tokens_per_s", "elapsed_s");
    assertThat(rows.stream().filter(n -> n.has("eval_loss")).map(n -> n.get("step").asInt()).toList()).containsExactly(3, 6, 9, 10);
    JsonNode eval = rows.stream().filter(n -> n.has("eval_ppl")).findFirst().orElseThrow();
    assertThat(eval.get("eval_ppl").asDouble()).isCloseTo(Math.exp(eval.get("eval_loss").asDouble()), within(1e-3));
    for (String png : List.of("loss.png", "lr.png", "grad_norm.png")) {
      assertThat(javax.imageio.ImageIO.read(run.resolve(png).toFile()).getWidth()).isEqualTo(800);
    }
  }

  @Test
  void heldOutLossFallsDuringTraining() throws Exception {
    Path run = tmp.resolve("learn");
    TrainResult r = train(config("train.max-steps=30", "train.lr=0.03", "train.eval-every=5", "train.save-every=0"), run.toString(),
        new ByteArrayOutputStream());
    List<Double> evals = JsonLines.values(run.resolve("metrics.jsonl"), "eval_loss");
    assertThat(evals).hasSize(6);
    assertThat(evals.get(5)).isLessThan(evals.get(0) * 0.8);
    assertThat(r.finalEvalLoss()).isEqualTo(evals.get(5), within(1e-5));
    assertThat(r.steps()).isEqualTo(30);
    assertThat(run.resolve("checkpoints/step-30/model.safetensors")).exists();
  }
}

package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigError;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.shards.BlockCodec;
import sparktune.shards.ShardManifest;
import sparktune.shards.ShardSchema;
import sparktune.testing.JsonLines;
import sparktune.testing.OneTorchThread;
import sparktune.testing.PublishedGpt2;
import sparktune.testing.SharedSpark;

@ExtendWith(OneTorchThread.class)
class TrainJobTest {
  static final int VOCAB = 64;
  static final int BLOCK = 16;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** Blocks of two sources following next = (3 * id + 1) mod V from random starts; the last block of each source is short. */
  static void writeShards(SparkSession spark, Path warehouse, String split, int blocksPerSource, long seed, String tokenizerSha) throws Exception {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    long tokens = 0;
    for (String source : List.of("books", "lyrics")) {
      for (int b = 0; b < blocksPerSource; b++) {
        int length = b == blocksPerSource - 1 ? BLOCK / 2 : BLOCK;
        int[] ids = new int[BLOCK];
        int cur = 1 + r.nextInt(VOCAB - 1);
        for (int i = 0; i < BLOCK; i++) {
          ids[i] = i < length ? cur : 0;
          cur = (3 * cur + 1) % VOCAB;
        }
        tokens += length;
        rows.add(RowFactory.create(source, (long) b, BlockCodec.encode(ids, 2), length));
      }
    }
    Path dir = warehouse.resolve("shards/" + split);
    spark.createDataFrame(rows, ShardSchema.SCHEMA).coalesce(1).write().parquet(dir.toString());
    ShardManifest m = new ShardManifest(split, "test-tokenizer", tokenizerSha, VOCAB, 0, BLOCK, 2, rows.size(), tokens, rows.size(), 0, 0,
        Map.of("books", Map.of(), "lyrics", Map.of()), 1.0, 0, null, "2026-01-01T00:00:00Z");
    Files.writeString(dir.resolve(ShardManifest.FILE), m.toJson());
  }

  SparktuneConfig config(Path warehouse, String... sets) {
    List<String> all = new ArrayList<>(List.of("sparktune.warehouse=" + warehouse, "model.n-layer=2", "model.n-head=2", "model.n-embd=32",
        "model.n-positions=16", "model.dropout=0.0", "train.batch-size=8", "train.lr=0.01", "train.warmup-steps=5", "train.eval-every=10",
        "train.eval-batches=4", "train.save-every=0", "train.log-every=10", "train.max-steps=40"));
    all.addAll(List.of(sets));
    return ConfigLoader.load((Path) null, all);
  }

  @Test
  void trainsScratchGpt2AndHeldOutLossFalls() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path wh = tmp.resolve("wh");
    writeShards(spark, wh, "train", 40, 1, "aaa");
    writeShards(spark, wh, "test", 6, 2, "aaa");

    JobSummary s = TrainJob.execute(spark, config(wh));

    assertThat(s.get("steps")).isEqualTo(40L);
    assertThat(s.outputDir()).isEqualTo(wh.resolve("runs/run").toString());
    List<Double> evals = JsonLines.values(wh.resolve("runs/run/metrics.jsonl"), "eval_loss");
    assertThat(evals).hasSize(4);
    assertThat(evals.get(3)).isLessThan(evals.get(0) * 0.7);
    assertThat((Double) s.get("final_eval_loss")).isCloseTo(evals.get(3), org.assertj.core.api.Assertions.within(1e-5));
    Path ckpt = wh.resolve("runs/run/checkpoints/step-40");
    assertThat(s.get("checkpoint")).isEqualTo(ckpt.toString());
    JsonNode config = JSON.readTree(ckpt.resolve("config.json").toFile());
    assertThat(config.get("vocab_size").asInt()).isEqualTo(VOCAB);
    assertThat(config.get("n_layer").asInt()).isEqualTo(2);

    // Staged fine-tuning: a second run starts from the first run's final checkpoint, on one source.
    JobSummary second = TrainJob.execute(spark, config(wh, "model.init=" + ckpt, "train.run=stage2", "train.sources=[lyrics]",
        "train.max-steps=10"));
    assertThat(second.get("steps")).isEqualTo(10L);
    assertThat((Double) second.get("final_eval_loss")).isLessThan(evals.get(0));
  }

  @Test
  void refusesWhatThisBuildCannotDo() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path wh = tmp.resolve("wh2");
    assertThatThrownBy(() -> TrainJob.execute(spark, config(wh, "train.workers=2")))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Invalid train.workers: 2 (needs executors in separate JVMs (spark://, k8s://, yarn or local-cluster[N,1,MB]); "
            + "with master local[2] all tasks share this JVM, and DJL allows one training task per JVM)");
    assertThatThrownBy(() -> TrainJob.execute(spark, config(wh, "train.precision=fp16")))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("Invalid train.precision: fp16 (fp16 mixed precision needs a GPU");
    assertThatThrownBy(() -> TrainJob.execute(spark, config(wh, "train.workers=2", "train.precision=fp16")))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Invalid train.precision: fp16 (fp16 mixed precision needs GPU executors: set spark.executor.resource.gpu.amount and "
            + "spark.task.resource.gpu.amount (now 0), or use fp32)");
    assertThatThrownBy(() -> TrainJob.execute(spark, config(wh, "train.workers=2", "train.keep-best=true")))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("Invalid train.keep-best: true (is not supported with train.workers > 1");
    assertThatThrownBy(() -> TrainJob.execute(spark, config(wh)))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("No token shards at " + wh.resolve("shards/train"));

    writeShards(spark, wh, "train", 4, 1, "shards-sha");
    Path model = PublishedGpt2.copyTo(tmp.resolve("model"));
    assertThatThrownBy(() -> TrainJob.execute(spark, config(wh, "model.init=" + model)))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("Tokenizer mismatch: shards " + wh.resolve("shards/train") + " were built with test-tokenizer (sha256 shards-sha)")
        .hasMessageContaining("model.init " + model + " has tokenizer.json with sha256 ");
    assertThatThrownBy(() -> TrainJob.execute(spark, config(wh, "train.sources=[poems]")))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("Invalid train.sources: [poems] (no blocks in");
  }
}

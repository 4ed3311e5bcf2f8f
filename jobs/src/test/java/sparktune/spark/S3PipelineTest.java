package sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.jobs.JobRunner;
import sparktune.jobs.JobSummary;
import sparktune.jobs.Stages;
import sparktune.samples.SampleCorpora;
import sparktune.testing.S3Server;
import sparktune.testing.SharedSpark;

/**
 * The pipeline against an s3a:// warehouse on a real S3 server (s3proxy on 127.0.0.1): every stage
 * that exists writes its Delta tables, shards, checkpoints and summaries there, and the planted
 * secret key appears in none of the outputs or printed summaries.
 */
class S3PipelineTest {
  private static final String SECRET = "planted-secret-0xC0FFEE";
  @TempDir static Path dir;
  static S3Server s3;

  @BeforeAll
  static void startServer() throws Exception {
    s3 = S3Server.start(dir, SECRET);
    s3.createBucket("pipeline");
    s3.configure(SharedSpark.get());
  }

  @AfterAll
  static void stopServer() {
    s3.close();
  }

  @Test
  void everyStageRunsOnAnS3WarehouseWithoutLeakingCredentials() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpora.write(samples, 120_000, 7, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    List<String> sets = new ArrayList<>(List.of(
        "sparktune.warehouse=\"s3a://pipeline/wh\"",
        "sparktune.sources=[{name=wikibooks, type=wikibooks-sqlite, path=\"" + samples.resolve("wikibooks.sqlite") + "\", tables=[en, es]},"
            + "{name=classics, type=text-dir, path=\"" + samples.resolve("classics") + "\"}]",
        "tokenize.tokenizer=train", "tokenize.vocab-size=400", "tokenize.block-size=32",
        "model.n-layer=1", "model.n-head=2", "model.n-embd=32", "model.n-positions=32", "model.dropout=0",
        "train.run=s3run", "train.max-steps=4", "train.batch-size=4", "train.warmup-steps=1",
        "train.eval-every=2", "train.eval-batches=2", "train.save-every=4", "train.log-every=2"));
    sets.addAll(s3.sets());
    SparktuneConfig config = ConfigLoader.load((Path) null, sets);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    SparkSession spark = SharedSpark.get();

    List<String> ran = new ArrayList<>();
    for (String stage : Stages.PIPELINE) {
      if (Stages.exists(stage)) {
        JobSummary s = JobRunner.run(stage, Stages.find(stage).orElseThrow(), spark, config, out);
        assertThat(s.outputDir()).as(stage).startsWith("s3a://pipeline/wh");
        ran.add(stage);
      }
    }
    assertThat(ran).contains("ingest", "clean", "split", "tokenize", "train");

    HadoopFiles files = HadoopFiles.of(spark);
    Warehouse wh = Warehouse.of(config.warehouse());
    assertThat(spark.read().format("delta").load(wh.clean()).filter("split = 'test'").count()).isPositive();
    assertThat(files.exists(wh.shards("train") + "/manifest.json")).isTrue();
    assertThat(files.exists(wh.run("s3run") + "/checkpoints/step-4/model.safetensors")).isTrue();
    assertThat(files.exists(wh.run("s3run") + "/metrics.jsonl")).isTrue();

    String stdout = printed.toString(StandardCharsets.UTF_8);
    assertThat(stdout).contains("\"status\":\"ok\"").contains("***").doesNotContain(SECRET);
    FileSystem fs = files.fs(wh.root());
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(wh.root()), true);
    int checked = 0;
    while (it.hasNext()) {
      String path = it.next().getPath().toString();
      if (path.endsWith(".json") || path.endsWith(".jsonl") || path.endsWith(".html") || path.contains("_delta_log")) {
        assertThat(files.readString(path)).as(path).doesNotContain(SECRET);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10);
  }
}

package sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.run.MetricsLog;
import sparktune.testing.S3Server;
import sparktune.testing.SharedSpark;
import sparktune.testing.TfEvents;

class S3WarehouseTest {
  @TempDir static Path dir;
  static S3Server s3;

  @BeforeAll
  static void startServer() throws Exception {
    s3 = S3Server.start(dir, "planted-secret-4711");
    s3.createBucket("lake");
    s3.configure(SharedSpark.get());
  }

  @AfterAll
  static void stopServer() {
    s3.close();
  }

  @Test
  void sideFilesRoundTripThroughS3a() {
    HadoopFiles files = HadoopFiles.of(SharedSpark.get());
    Warehouse wh = Warehouse.of("s3a://lake/prefix");
    files.writeString(wh.resolve("runs/r/x.json"), "{\"a\":1}");
    assertThat(files.readString(wh.resolve("runs/r/x.json"))).isEqualTo("{\"a\":1}");
    assertThat(files.list(wh.resolve("runs/r"))).hasSize(1);
  }

  @Test
  void trainingCurvesGrowOnS3aAndAResumedRunAddsItsOwnEventFile() throws Exception {
    HadoopFiles files = HadoopFiles.of(SharedSpark.get());
    String run = Warehouse.of("s3a://lake/prefix").run("curves");
    MetricsLog log = new MetricsLog(files, run + "/metrics.jsonl");
    log.add(Map.of("step", 1L, "loss", 5.0, "lr", 1e-3));
    log.flush();
    log.add(Map.of("step", 2L, "loss", 4.0, "eval_loss", 4.5));
    log.flush();
    List<Path> events = download(files, run);
    assertThat(events).hasSize(1);
    List<TfEvents.Event> first = TfEvents.read(events.get(0));
    assertThat(TfEvents.curve(first, "train/loss")).containsExactly(Map.entry(1L, 5.0f), Map.entry(2L, 4.0f));
    assertThat(TfEvents.curve(first, "eval/perplexity")).containsExactly(Map.entry(2L, (float) Math.exp(4.5)));

    MetricsLog resumed = new MetricsLog(files, run + "/metrics.jsonl");
    resumed.loadUpTo(1);
    resumed.add(Map.of("step", 2L, "loss", 3.9));
    resumed.flush();
    events = download(files, run);
    assertThat(events).hasSize(2);
    assertThat(TfEvents.read(events.get(0))).isEqualTo(first);
    List<TfEvents.Event> second = TfEvents.read(events.get(1));
    assertThat(second.get(1).sessionStatus()).isEqualTo(1);
    assertThat(second.get(1).step()).isEqualTo(2);
    assertThat(TfEvents.curve(second, "train/loss")).containsExactly(Map.entry(2L, 3.9f));
  }

  /** The run's event files, copied to a fresh local folder, sorted by name. */
  private static List<Path> download(HadoopFiles files, String run) throws Exception {
    Path local = java.nio.file.Files.createTempDirectory(dir, "events");
    for (String p : files.list(run)) {
      String name = p.substring(p.lastIndexOf('/') + 1);
      if (name.contains("tfevents")) {
        java.nio.file.Files.write(local.resolve(name), files.readBytes(p));
      }
    }
    return TfEvents.files(local);
  }

  @Test
  void deltaTableMergesAndTimeTravelsOnS3a() {
    SparkSession spark = SharedSpark.get();
    String table = Warehouse.of("s3a://lake/prefix").documents();
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("a", 1)),
        new org.apache.spark.sql.types.StructType().add("k", "string").add("v", "int"))
        .write().format("delta").mode("overwrite").save(table);
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("a", 2), org.apache.spark.sql.RowFactory.create("b", 3)),
        new org.apache.spark.sql.types.StructType().add("k", "string").add("v", "int"))
        .createOrReplaceTempView("updates");
    spark.sql("MERGE INTO delta.`" + table + "` t USING updates u ON t.k = u.k "
        + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    List<Row> now = spark.read().format("delta").load(table).orderBy("k").collectAsList();
    List<Row> before = spark.read().format("delta").option("versionAsOf", 0).load(table).collectAsList();
    assertThat(now).extracting(r -> r.getString(0) + r.getInt(1)).containsExactly("a2", "b3");
    assertThat(before).extracting(r -> r.getString(0) + r.getInt(1)).containsExactly("a1");
  }
}

package sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.testing.S3Server;
import sparktune.testing.SharedSpark;

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

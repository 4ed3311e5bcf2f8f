package sparktune.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.config.SparktuneConfig;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;
import sparktune.eval.EvalTargets;
import sparktune.evaluate.DocumentTask;
import sparktune.evaluate.EvalSettings;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;

/**
 * The model's bits per byte next to the sample generator's true entropy on the same test documents:
 * entropy.jsonl rows joined to clean/ (split = test) on text_sha256 = content_sha256, each document
 * scored on its own.
 */
public final class EntropyComparison {
  private static final StructType ENTROPY = new StructType()
      .add("text_sha256", DataTypes.StringType, false)
      .add("bits", DataTypes.DoubleType, false);

  private EntropyComparison() {}

  /** Stops before any output when eval.entropy-file is set but it or the clean table is missing. */
  public static void check(HadoopFiles files, SparktuneConfig config) {
    String file = config.eval().entropyFile();
    if (file.isEmpty()) {
      return;
    }
    if (!files.exists(file)) {
      throw new IllegalArgumentException("Invalid eval.entropy-file: " + file + " (file not found)");
    }
    String clean = Warehouse.of(config.warehouse()).clean();
    if (!files.exists(clean + "/_delta_log")) {
      throw new IllegalArgumentException("eval.entropy-file is set but there is no clean table at " + clean + " to match documents against");
    }
  }

  /** Rows {@code matched-documents, matched-generator-bits-per-byte, matched-model-bits-per-byte, matched-excess-bits-per-byte}. */
  public static List<EvalRow> rows(SparkSession spark, SparktuneConfig config, EvalTargets targets, EvalSettings settings, String run, String hash,
      Timestamp now) throws Exception {
    String file = config.eval().entropyFile();
    if (file.isEmpty()) {
      return List.of();
    }
    HadoopFiles files = HadoopFiles.of(spark);
    check(files, config);
    String clean = Warehouse.of(config.warehouse()).clean();
    List<Row> entropy = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : files.readString(file).split("\n")) {
      if (!line.isBlank()) {
        JsonNode n = json.readTree(line);
        entropy.add(RowFactory.create(n.get("text_sha256").asText(), n.get("bits").asDouble()));
      }
    }
    Dataset<Row> docs = matched(spark.read().format("delta").load(clean), spark.createDataFrame(entropy, ENTROPY));
    Dataset<Row> dirs = spark.createDataFrame(targets.all().stream().map(t -> RowFactory.create(t.dir())).toList(),
        new StructType().add("dir", DataTypes.StringType, false));
    EvalSettings s = settings;
    List<Row> sums = dirs.crossJoin(docs).select("dir", "source", "text", "bits")
        .repartition(Math.max(1, spark.sparkContext().defaultParallelism())).sortWithinPartitions("dir")
        .mapPartitions((MapPartitionsFunction<Row, Row>) it -> DocumentTask.run(it, s), Encoders.row(DocumentTask.OUTPUT))
        .groupBy("dir", "source").agg(sum("nll"), sum("bits"), sum("bytes"), sum("docs")).collectAsList();
    Map<String, EvalTarget> byDir = new LinkedHashMap<>();
    targets.all().forEach(t -> byDir.put(t.dir(), t));
    Map<String, double[]> totals = new LinkedHashMap<>();
    List<EvalRow> out = new ArrayList<>();
    for (Row r : sums) {
      double[] v = {r.getDouble(2), r.getDouble(3), r.getLong(4), r.getLong(5)};
      out.addAll(metrics(byDir.get(r.getString(0)), r.getString(1), v, run, hash, now));
      double[] t = totals.computeIfAbsent(r.getString(0), k -> new double[4]);
      for (int i = 0; i < 4; i++) {
        t[i] += v[i];
      }
    }
    totals.forEach((dir, v) -> out.addAll(metrics(byDir.get(dir), EvalRow.ALL, v, run, hash, now)));
    return out;
  }

  /**
   * Test documents with the generator's bits: clean rows of the test split whose content_sha256
   * appears in entropy.jsonl.
   * <pre>
   * source STRING | text STRING | bits DOUBLE
   * classics | "It was a ..." | 10342.7
   * </pre>
   */
  public static Dataset<Row> matched(Dataset<Row> clean, Dataset<Row> entropy) {
    return clean.filter(col("split").equalTo("test"))
        .join(entropy.dropDuplicates("text_sha256"), clean.col("content_sha256").equalTo(entropy.col("text_sha256")))
        .select("source", "text", "bits");
  }

  private static List<EvalRow> metrics(EvalTarget t, String source, double[] v, String run, String hash, Timestamp now) {
    double bytes = v[2];
    double model = v[0] / Math.log(2) / bytes;
    double generator = v[1] / bytes;
    long b = (long) bytes;
    return List.of(
        new EvalRow(run, t.model(), t.checkpoint(), source, "", "", "matched-documents", v[3], (long) v[3], "", hash, now),
        new EvalRow(run, t.model(), t.checkpoint(), source, "", "", "matched-generator-bits-per-byte", generator, b, "", hash, now),
        new EvalRow(run, t.model(), t.checkpoint(), source, "", "", "matched-model-bits-per-byte", model, b, "", hash, now),
        new EvalRow(run, t.model(), t.checkpoint(), source, "", "", "matched-excess-bits-per-byte", model - generator, b, "", hash, now));
  }
}

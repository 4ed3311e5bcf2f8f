package sparktune.jobs;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import sparktune.config.CleanConfig;
import sparktune.config.ConfigError;
import sparktune.config.SplitConfig;
import sparktune.config.SparktuneConfig;
import sparktune.prep.CleanCache;
import sparktune.prep.MinHashCache;
import sparktune.prep.NearDuplicatePairs;
import sparktune.prep.SplitAssigner;
import sparktune.prep.StageState;
import sparktune.prep.TableSync;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;
import sparktune.text.DuplicateGraph;
import sparktune.text.MinHasher;

/**
 * {@code split}: sets {@code clean.split} to train or test for every row that has none
 * ({@link SplitAssigner}); rows that have a split keep it. No commit when every row has one. The
 * summary counts test documents that have a near-duplicate (at split.cluster-threshold) in train
 * and is written to {@code clean/_split/_summary.json}. MinHash signatures are kept in
 * {@code cache/minhash} ({@link MinHashCache}): a run computes only those of new or changed rows.
 */
public final class SplitJob {
  /** Counts of the last run, replayed when clean/ has not changed since. */
  private static final java.util.List<String> COUNTS = java.util.List.of("in", "train", "test", "clusters", "clustered_documents",
      "test_with_near_duplicate_in_train");

  private SplitJob() {}

  public static JobSummary execute(SparkSession spark, SparktuneConfig config) {
    Warehouse warehouse = Warehouse.of(config.warehouse());
    long version = TableSync.version(spark, warehouse.clean());
    if (version < 0) {
      throw new ConfigError("Missing input: no clean table at " + warehouse.clean() + " (run `sparktune clean` first)");
    }
    SplitConfig s = config.split();
    CleanConfig c = config.clean();
    HadoopFiles files = HadoopFiles.of(spark);
    String statePath = warehouse.clean() + "/_split/_state.json";
    String settings = s + "; shingle-size " + c.shingleSize() + "; minhash-tables " + c.minhashTables();
    Map<String, Object> state = StageState.read(files, statePath);
    if (StageState.holds(state, "clean_version", version) && StageState.holds(state, "settings", settings)) {
      // clean/ is as this stage left it: every row has its split and the counts are those of the last run.
      JobSummary same = new JobSummary("split");
      for (String k : COUNTS) {
        same.put(k, state.get(k));
      }
      Map<String, Object> versions = new LinkedHashMap<>();
      versions.put("clean", version);
      return same.put("up_to_date", true).put("assigned", 0L).put("signatures_computed", 0L).put("signatures_cached", state.get("signatures"))
          .put("clean_table", Map.of("committed", false, "version", version))
          .put("input_versions", versions)
          .outputDir(warehouse.clean() + "/_split");
    }
    Dataset<Row> clean = spark.read().format("delta").option("versionAsOf", version).load(warehouse.clean())
        .select("doc_id", "text", "content_sha256", "split").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      MinHasher hasher = new MinHasher(c.shingleSize(), c.minhashTables(), s.clusterThreshold());
      // clean's signatures are the same when its settings are those in force and the lengths agree.
      MinHasher cleanHasher = new MinHasher(c.shingleSize(), c.minhashTables(), c.nearDuplicateThreshold());
      boolean shared = cleanHasher.numHashes() == hasher.numHashes()
          && StageState.holds(StageState.read(files, warehouse.clean() + "/_state.json"), "settings", c.toString());
      MinHashCache.Refresh signatures = MinHashCache.refresh(spark, warehouse.minhashCache(), clean, hasher,
          shared ? CleanCache.signatures(spark, warehouse.cleanCache()) : null);
      DuplicateGraph graph = new DuplicateGraph(NearDuplicatePairs.findInSignatures(signatures.signatures(), hasher, s.clusterThreshold()));
      Dataset<Row> graphDocs = spark.createDataset(new ArrayList<>(graph.components().keySet()), Encoders.STRING()).toDF("doc_id");
      Map<String, String> splits = new HashMap<>();
      for (Row r : clean.where(col("split").isNotNull()).join(broadcast(graphDocs), "doc_id").select("doc_id", "split").collectAsList()) {
        splits.put(r.getString(0), r.getString(1));
      }
      Map<String, SplitAssigner.Cluster> clusters = SplitAssigner.clusters(graph, splits);
      Dataset<Row> assignments = SplitAssigner.assign(clean.where(col("split").isNull()), clusters, s.seed(), s.testFraction())
          .persist(StorageLevel.MEMORY_AND_DISK());
      long assigned = assignments.count();
      boolean committed = false;
      if (assigned > 0) {
        Map<String, String> set = Map.of("split", "s.split");
        DeltaTable.forPath(spark, warehouse.clean()).as("t")
            .merge(assignments.as("s"), "t.doc_id = s.doc_id")
            .whenMatched("t.split IS NULL").updateExpr(set)
            .execute();
        committed = true;
        for (Row r : assignments.join(broadcast(graphDocs), "doc_id").collectAsList()) {
          splits.put(r.getString(0), r.getString(1));
        }
      }
      assignments.unpersist();
      Map<String, Long> sides = new TreeMap<>();
      for (Row r : spark.read().format("delta").load(warehouse.clean()).groupBy("split").count().collectAsList()) {
        sides.put(String.valueOf(r.getString(0)), r.getLong(1));
      }
      Map<String, Object> versions = new LinkedHashMap<>();
      versions.put("clean", version);
      long after = TableSync.version(spark, warehouse.clean());
      JobSummary summary = new JobSummary("split")
          .put("in", sides.values().stream().mapToLong(Long::longValue).sum())
          .put("assigned", assigned)
          .put("train", sides.getOrDefault("train", 0L))
          .put("test", sides.getOrDefault("test", 0L))
          .put("clusters", new java.util.HashSet<>(graph.components().values()).size())
          .put("clustered_documents", graph.components().size())
          .put("test_with_near_duplicate_in_train", SplitAssigner.testWithTrainNeighbour(graph, splits))
          .put("signatures_computed", signatures.computed())
          .put("signatures_cached", signatures.cached())
          .put("up_to_date", false)
          .put("clean_table", Map.of("committed", committed, "version", after))
          .put("input_versions", versions)
          // Beside clean's own summary; Delta and VACUUM ignore folders starting with "_".
          .outputDir(warehouse.clean() + "/_split");
      Map<String, Object> next = new LinkedHashMap<>();
      next.put("clean_version", after);
      next.put("settings", settings);
      next.put("signatures", signatures.computed() + signatures.cached());
      COUNTS.forEach(k -> next.put(k, summary.get(k)));
      StageState.write(files, statePath, next);
      return summary;
    } finally {
      clean.unpersist();
    }
  }
}

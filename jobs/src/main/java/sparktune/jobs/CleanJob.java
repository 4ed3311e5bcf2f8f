package sparktune.jobs;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import sparktune.config.CleanConfig;
import sparktune.config.ConfigError;
import sparktune.config.SparktuneConfig;
import sparktune.prep.Accounting;
import sparktune.prep.CleanCache;
import sparktune.prep.CleanTransforms;
import sparktune.prep.NearDuplicatePairs;
import sparktune.prep.StageState;
import sparktune.prep.TableSync;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;
import sparktune.text.CleanRules;
import sparktune.text.DuplicateGraph;
import sparktune.text.MinHasher;

/**
 * {@code clean}: {@code documents/} -> {@code clean/} (normalized, filtered, exact and near
 * duplicates removed) and clean rows of {@code rejects/}. Only documents that are new or changed
 * since the last clean are cleaned and signed ({@link CleanCache}); exact and near duplicates are
 * then decided over every document from the cached keys and signatures, so a duplicate across
 * refreshes is still caught. Refreshes MERGE (split of existing rows kept) and make no commit when
 * nothing changed; an unchanged documents version is not read at all. Accounting: documents in =
 * clean + rejected, per source and reason.
 */
public final class CleanJob {
  private static final StructType IDS = new StructType().add("doc_id", DataTypes.StringType, false);
  /** Counts of the last run, replayed when the input has not changed. */
  private static final List<String> COUNTS = List.of("in", "clean", "rejected", "rejects_by_reason", "per_source", "near_duplicate_pairs");

  private CleanJob() {}

  public static JobSummary execute(SparkSession spark, SparktuneConfig config) {
    Warehouse warehouse = Warehouse.of(config.warehouse());
    long version = TableSync.version(spark, warehouse.documents());
    if (version < 0) {
      throw new ConfigError("Missing input: no documents table at " + warehouse.documents() + " (run `sparktune ingest` first)");
    }
    CleanConfig c = config.clean();
    MinHasher hasher = new MinHasher(c.shingleSize(), c.minhashTables(), c.nearDuplicateThreshold());
    HadoopFiles files = HadoopFiles.of(spark);
    String statePath = warehouse.clean() + "/_state.json";
    String cachePath = warehouse.cleanCache();
    Map<String, Object> state = StageState.read(files, statePath);
    boolean usable = StageState.holds(state, "settings", c.toString()) && DeltaTable.isDeltaTable(spark, warehouse.clean())
        && DeltaTable.isDeltaTable(spark, cachePath);
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("documents", version);
    if (usable && StageState.holds(state, "documents_version", version)) {
      JobSummary same = new JobSummary("clean");
      for (String k : COUNTS) {
        same.put(k, state.get(k));
      }
      return same.put("up_to_date", true).put("cleaned", 0L)
          .put("clean_table", Map.of("committed", false, "version", TableSync.version(spark, warehouse.clean())))
          .put("input_versions", versions).outputDir(warehouse.clean());
    }

    Dataset<Row> documents = spark.read().format("delta").option("versionAsOf", version).load(warehouse.documents());
    Dataset<Row> keys = documents.select("doc_id", "content_sha256");
    Dataset<Row> cache = CleanCache.read(spark, cachePath, usable);
    Dataset<Row> toClean = usable ? documents.join(CleanCache.stale(keys, cache), "doc_id", "left_semi") : documents;
    Dataset<Row> signed = CleanTransforms.cleanAndSign(toClean, CleanRules.of(c), hasher).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long cleaned = signed.count();
      // Every document's pre-dedup verdict, key and signature, without text: the dedup works on these.
      Dataset<Row> deduped = CleanTransforms.exactDedup(CleanCache.current(cache, keys, signed)).localCheckpoint();
      List<DuplicateGraph.Edge> edges = NearDuplicatePairs.findInSignatures(
          deduped.where(col("reason").isNull().and(col("sig").isNotNull())).select("doc_id", "sig"), hasher, c.nearDuplicateThreshold());
      Dataset<Row> judged = CleanTransforms.nearDedup(spark, deduped.drop("sig"), edges).localCheckpoint();
      Accounting counts = Accounting.of(judged);

      // clean/: rows of changed documents that are kept, rows kept now that were not before, and
      // deletes of rows no longer kept. Unchanged rows are neither read nor written.
      Dataset<Row> keptNow = judged.where(col("reason").isNull()).select("doc_id");
      Dataset<Row> before = DeltaTable.isDeltaTable(spark, warehouse.clean())
          ? spark.read().format("delta").load(warehouse.clean()).select("doc_id") : spark.createDataFrame(List.of(), IDS);
      Dataset<Row> revived = keptNow.join(before, "doc_id", "left_anti").join(signed.select("doc_id"), "doc_id", "left_anti");
      // Kept = passed the rules and not dropped as a duplicate: the dropped ids are few, so they are
      // broadcast and the cleaned texts are not shuffled.
      Dataset<Row> dropped = judged.where(col("reason").isin("duplicate", "near-duplicate")).select("doc_id");
      Dataset<Row> texts = signed.where(col("reason").isNull()).join(broadcast(dropped), "doc_id", "left_anti")
          .drop("input_sha256", "text_sha256", "sig")
          .unionByName(CleanTransforms.cleanEach(documents.join(revived, "doc_id", "left_semi"), CleanRules.of(c)));
      TableSync.Result clean = TableSync.apply(spark, warehouse.clean(), CleanTransforms.cleanRows(texts),
          before.join(keptNow, "doc_id", "left_anti"), List.of("doc_id"), List.of("content_sha256", "title", "lang", "origin"),
          List.of("source", "lang", "title", "text", "origin", "content_sha256", "ingested_at"));
      TableSync.Result rejects = TableSync.sync(spark, warehouse.rejects(), CleanTransforms.rejectRows(judged),
          IngestJob.REJECT_KEY, List.of(), List.of(), "t.stage = 'clean'");
      // Last: a run that fails earlier cleans the same documents again next time.
      CleanCache.write(spark, cachePath, signed, keys, !usable);
      JobSummary summary = new JobSummary("clean")
          .put("in", counts.in())
          .put("clean", counts.kept())
          .put("rejected", counts.rejected())
          .put("rejects_by_reason", counts.reasons())
          .put("per_source", counts.perSource())
          .put("near_duplicate_pairs", edges.size());
      Map<String, Object> next = new LinkedHashMap<>();
      next.put("documents_version", version);
      next.put("settings", c.toString());
      COUNTS.forEach(k -> next.put(k, summary.get(k)));
      StageState.write(files, statePath, next);
      return summary
          .put("up_to_date", false)
          .put("cleaned", cleaned)
          .put("minhash_rows_per_band", hasher.rows())
          .put("clean_table", clean.toMap())
          .put("rejects_table", rejects.toMap())
          .put("input_versions", versions)
          .outputDir(warehouse.clean());
    } finally {
      signed.unpersist();
    }
  }
}

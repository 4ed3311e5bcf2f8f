package sparktune.jobs;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.CleanConfig;
import sparktune.config.ConfigError;
import sparktune.config.SparktuneConfig;
import sparktune.prep.Accounting;
import sparktune.prep.CleanTransforms;
import sparktune.prep.NearDuplicatePairs;
import sparktune.prep.TableSync;
import sparktune.spark.Warehouse;
import sparktune.text.CleanRules;
import sparktune.text.DuplicateGraph;
import sparktune.text.MinHasher;

/**
 * {@code clean}: {@code documents/} -> {@code clean/} (normalized, filtered, exact and near
 * duplicates removed) and clean rows of {@code rejects/}. The whole clean table is derived from the
 * documents version it read; refreshes MERGE (split of existing rows kept) and make no commit when
 * nothing changed. Accounting: documents in = clean + rejected, per source and reason.
 */
public final class CleanJob {
  private CleanJob() {}

  public static JobSummary execute(SparkSession spark, SparktuneConfig config) {
    Warehouse warehouse = Warehouse.of(config.warehouse());
    long version = TableSync.version(spark, warehouse.documents());
    if (version < 0) {
      throw new ConfigError("Missing input: no documents table at " + warehouse.documents() + " (run `sparktune ingest` first)");
    }
    CleanConfig c = config.clean();
    Dataset<Row> documents = spark.read().format("delta").option("versionAsOf", version).load(warehouse.documents());
    // Materialized: the later queries (pairs, counts, diffs, merges) plan over a short lineage.
    Dataset<Row> deduped = CleanTransforms.exactDedup(CleanTransforms.cleanEach(documents, CleanRules.of(c))).localCheckpoint();
    MinHasher hasher = new MinHasher(c.shingleSize(), c.minhashTables(), c.nearDuplicateThreshold());
    List<DuplicateGraph.Edge> edges = NearDuplicatePairs.find(deduped.where(col("reason").isNull()), hasher, c.nearDuplicateThreshold());
    Dataset<Row> judged = CleanTransforms.nearDedup(spark, deduped, edges).localCheckpoint();
    Accounting counts = Accounting.of(judged);
    TableSync.Result clean = TableSync.sync(spark, warehouse.clean(), CleanTransforms.cleanRows(judged),
        List.of("doc_id"), List.of("content_sha256", "title", "lang", "origin"),
        List.of("source", "lang", "title", "text", "origin", "content_sha256", "ingested_at"), "true");
    TableSync.Result rejects = TableSync.sync(spark, warehouse.rejects(), CleanTransforms.rejectRows(judged),
        IngestJob.REJECT_KEY, List.of(), List.of(), "t.stage = 'clean'");
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("documents", version);
    return new JobSummary("clean")
        .put("in", counts.in())
        .put("clean", counts.kept())
        .put("rejected", counts.rejected())
        .put("rejects_by_reason", counts.reasons())
        .put("per_source", counts.perSource())
        .put("near_duplicate_pairs", edges.size())
        .put("minhash_rows_per_band", hasher.rows())
        .put("clean_table", clean.toMap())
        .put("rejects_table", rejects.toMap())
        .put("input_versions", versions)
        .outputDir(warehouse.clean());
  }
}

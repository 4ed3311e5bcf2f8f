package sparktune.prep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import sparktune.text.MinHasher;

/**
 * A Delta table of MinHash signatures by doc_id, so that a run computes signatures only for
 * documents whose content (or the MinHash parameters) changed since the last one. Band keys depend
 * on the LSH threshold and are recomputed from {@code sig}. Deleting the table is safe: the next
 * refresh rebuilds it.
 * <pre>
 * doc_id               content_sha256 shingle_size num_hashes sig
 * 3f9c0a2b41d7e8a9c1d2 41d0…          5            128        [-9211…, …] (num_hashes; null: no words)
 * </pre>
 */
public final class MinHashCache {
  private static final List<String> COLUMNS = List.of("doc_id", "content_sha256", "shingle_size", "num_hashes", "sig");

  /**
   * @param signatures doc_id, sig of every document with words, read back from the cache
   * @param computed documents whose signature was computed in this refresh
   * @param cached documents whose signature came from the cache
   */
  public record Refresh(Dataset<Row> signatures, long computed, long cached) {}

  private MinHashCache() {}

  /**
   * Makes the cache at {@code path} hold exactly the signatures of {@code docs} (columns doc_id,
   * text, content_sha256; unique doc_id): signs the documents whose (doc_id, content_sha256) it
   * lacks and merges them in, deletes rows of doc_ids not in docs (one MERGE, no commit when nothing
   * changed), and rewrites the table when it was computed with another shingle size or signature
   * length.
   */
  public static Refresh refresh(SparkSession spark, String path, Dataset<Row> docs, MinHasher hasher) {
    return refresh(spark, path, docs, hasher, null);
  }

  /**
   * {@link #refresh(SparkSession, String, Dataset, MinHasher)}, taking the signature of a document
   * from {@code known} (doc_id, content_sha256, sig; computed with the same shingle size and
   * signature length) where it holds one for the same content, instead of computing it.
   */
  public static Refresh refresh(SparkSession spark, String path, Dataset<Row> docs, MinHasher hasher, Dataset<Row> known) {
    Dataset<Row> keys = docs.select("doc_id", "content_sha256");
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    Map<String, Long> counts = exists ? classify(read(spark, path), keys, hasher) : Map.of();
    long cached = counts.getOrDefault("cached", 0L);
    long toSign = counts.getOrDefault("new", 0L) + counts.getOrDefault("changed", 0L);
    if (!exists || counts.getOrDefault("other-parameters", 0L) > 0) {
      Dataset<Row> computed = compute(docs, hasher, known).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long n = computed.count();
        computed.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
        return new Refresh(signatures(spark, path), n, 0);
      } finally {
        computed.unpersist();
      }
    }
    if (toSign > 0 || counts.getOrDefault("stale", 0L) > 0) {
      Dataset<Row> missing = docs.as("d").join(read(spark, path).as("c"),
          expr("d.doc_id = c.doc_id AND d.content_sha256 = c.content_sha256"), "left_anti");
      Dataset<Row> computed = compute(missing, hasher, known).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        merge(spark, path, keys, computed);
      } finally {
        computed.unpersist();
      }
    }
    return new Refresh(signatures(spark, path), toSign, cached);
  }

  /**
   * Counts of doc_ids by what the cache holds for them: cached (same content and parameters), new
   * (no row), changed (other content), other-parameters (another shingle size or signature length),
   * stale (a row whose doc_id is not in keys). One full outer join on doc_id.
   */
  static Map<String, Long> classify(Dataset<Row> cache, Dataset<Row> keys, MinHasher hasher) {
    Column status = when(col("d.doc_id").isNull(), lit("stale"))
        .when(col("c.doc_id").isNull(), lit("new"))
        .when(col("c.shingle_size").notEqual(hasher.shingleSize()).or(col("c.num_hashes").notEqual(hasher.numHashes())),
            lit("other-parameters"))
        .when(not(col("c.content_sha256").eqNullSafe(col("d.content_sha256"))), lit("changed"))
        .otherwise(lit("cached"));
    Map<String, Long> counts = new HashMap<>();
    for (Row r : keys.as("d").join(cache.select("doc_id", "content_sha256", "shingle_size", "num_hashes").as("c"),
            expr("d.doc_id = c.doc_id"), "full_outer")
        .select(status.as("status")).groupBy("status").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  // The cache as (doc_id, sig) for the pair search; texts without words have no signature.
  private static Dataset<Row> signatures(SparkSession spark, String path) {
    return read(spark, path).where(col("sig").isNotNull()).select("doc_id", "sig");
  }

  /**
   * Signatures of docs (doc_id, text, content_sha256) as cache rows.
   * <pre>
   * doc_id               content_sha256 shingle_size num_hashes sig
   * </pre>
   */
  static Dataset<Row> compute(Dataset<Row> docs, MinHasher hasher, Dataset<Row> known) {
    if (known == null) {
      return compute(docs, hasher);
    }
    // Keys only in the joins: the few documents left to sign are then picked by a broadcast join.
    Dataset<Row> keys = docs.select("doc_id", "content_sha256");
    Dataset<Row> found = keys.join(known, new String[] {"doc_id", "content_sha256"}, "inner")
        .withColumn("shingle_size", lit(hasher.shingleSize()))
        .withColumn("num_hashes", lit(hasher.numHashes()))
        .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> rest = keys.join(known.select("doc_id", "content_sha256"), new String[] {"doc_id", "content_sha256"}, "left_anti");
    return found.unionByName(compute(docs.join(rest, new String[] {"doc_id", "content_sha256"}, "left_semi"), hasher));
  }

  static Dataset<Row> compute(Dataset<Row> docs, MinHasher hasher) {
    return NearDuplicatePairs.sign(docs, List.of("doc_id", "content_sha256"), hasher)
        .withColumn("shingle_size", lit(hasher.shingleSize()))
        .withColumn("num_hashes", lit(hasher.numHashes()))
        .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  // Source: every doc_id of keys, with fresh = true and the new row where it was computed. Matched
  // fresh rows are replaced, new ones inserted, rows of doc_ids no longer in keys deleted.
  private static void merge(SparkSession spark, String path, Dataset<Row> keys, Dataset<Row> computed) {
    Dataset<Row> source = keys.select("doc_id")
        .join(computed.withColumn("fresh", lit(true)), "doc_id", "left");
    Map<String, String> values = new LinkedHashMap<>();
    for (String c : COLUMNS) {
      values.put(c, "s." + c);
    }
    DeltaTable.forPath(spark, path).as("t")
        .merge(source.as("s"), "t.doc_id = s.doc_id")
        .whenMatched("s.fresh").updateExpr(values)
        .whenNotMatched("s.fresh").insertExpr(values)
        .whenNotMatchedBySource().delete()
        .execute();
  }

  private static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }
}

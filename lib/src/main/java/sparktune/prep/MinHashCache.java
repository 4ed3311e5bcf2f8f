package sparktune.prep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
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
    Dataset<Row> keys = docs.select("doc_id", "content_sha256");
    boolean rebuild = !DeltaTable.isDeltaTable(spark, path) || !read(spark, path)
        .where(col("shingle_size").notEqual(hasher.shingleSize()).or(col("num_hashes").notEqual(hasher.numHashes())))
        .isEmpty();
    Dataset<Row> missing = rebuild ? docs : docs.as("d").join(read(spark, path).as("c"), sameContent(), "left_anti");
    Dataset<Row> computed = compute(missing, hasher).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = computed.count();
      if (rebuild) {
        computed.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
      } else if (n > 0 || !read(spark, path).as("c").join(keys.as("d"), expr("c.doc_id = d.doc_id"), "left_anti").isEmpty()) {
        merge(spark, path, keys, computed);
      }
      Dataset<Row> signatures = read(spark, path).as("c").join(keys.as("d"), sameContent(), "left_semi")
          .where(col("sig").isNotNull())
          .select("doc_id", "sig");
      return new Refresh(signatures, n, keys.count() - n);
    } finally {
      computed.unpersist();
    }
  }

  /**
   * Signatures of docs (doc_id, text, content_sha256) as cache rows.
   * <pre>
   * doc_id               content_sha256 shingle_size num_hashes sig
   * </pre>
   */
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

  // Join condition of docs (alias d) and cache rows (alias c) for the same content.
  private static Column sameContent() {
    return expr("d.doc_id = c.doc_id AND d.content_sha256 = c.content_sha256");
  }

  private static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }
}

package sparktune.prep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.posexplode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.text.DuplicateGraph.Edge;
import sparktune.text.MinHasher;

/**
 * Finds near-duplicate pairs with MinHash LSH on Spark: signatures per document, a self-join on
 * equal band keys for candidates, then the full-signature similarity check. Only the pairs (few)
 * come back to the driver.
 */
public final class NearDuplicatePairs {
  static final StructType BANDED = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("sig", DataTypes.createArrayType(DataTypes.LongType, false), false)
      .add("bands", DataTypes.createArrayType(DataTypes.LongType, false), false);

  private NearDuplicatePairs() {}

  /**
   * Signatures of documents (columns doc_id, text); texts without words are left out.
   * <pre>
   * doc_id               sig
   * 3f9c0a2b41d7e8a9c1d2 [-9211…, -9187…, …] (hasher.numHashes())
   * </pre>
   */
  public static Dataset<Row> signatures(Dataset<Row> docs, MinHasher hasher) {
    return sign(docs, List.of("doc_id"), hasher).where(col("sig").isNotNull());
  }

  /**
   * The columns {@code keep} of docs plus {@code sig}, the signature of column text (null for a text
   * without words); every row is kept.
   */
  static Dataset<Row> sign(Dataset<Row> docs, List<String> keep, MinHasher hasher) {
    StructType schema = docs.select(keep.stream().map(Column::new).toArray(Column[]::new)).schema()
        .add("sig", DataTypes.createArrayType(DataTypes.LongType, false), true);
    int k = keep.size();
    MapPartitionsFunction<Row, Row> sign = rows -> {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        Object[] values = new Object[k + 1];
        for (int i = 0; i < k; i++) {
          values[i] = r.get(i);
        }
        values[k] = hasher.signature(r.getString(k));
        out.add(RowFactory.create(values));
      }
      Iterator<Row> it = out.iterator();
      return it;
    };
    List<Column> in = new ArrayList<>(keep.stream().map(Column::new).toList());
    in.add(col("text"));
    return docs.select(in.toArray(Column[]::new)).mapPartitions(sign, Encoders.row(schema));
  }

  /** Pairs (a < b by doc_id) of documents (columns doc_id, text) with estimated Jaccard similarity >= threshold. */
  public static List<Edge> find(Dataset<Row> docs, MinHasher hasher, double threshold) {
    return findInSignatures(signatures(docs, hasher), hasher, threshold);
  }

  /**
   * {@link #find} from signatures already computed by a hasher with the same shingle size and
   * signature length (columns doc_id, sig; null sig not allowed); band keys come from {@code hasher}.
   */
  public static List<Edge> findInSignatures(Dataset<Row> signatures, MinHasher hasher, double threshold) {
    Dataset<Row> sigs = withBands(signatures, hasher).cache();
    try {
      Dataset<Row> buckets = sigs.select(col("doc_id"), posexplode(col("bands")).as(new String[] {"band", "key"}));
      Dataset<Row> pairs = buckets.as("x").join(buckets.as("y"),
              expr("x.band = y.band AND x.key = y.key AND x.doc_id < y.doc_id"))
          .select(col("x.doc_id").as("a"), col("y.doc_id").as("b"))
          .distinct();
      Dataset<Row> scored = pairs
          .join(sigs.select(col("doc_id").as("a"), col("sig").as("sa")), "a")
          .join(sigs.select(col("doc_id").as("b"), col("sig").as("sb")), "b")
          .select(col("a"), col("b"),
              expr("size(filter(zip_with(sa, sb, (x, y) -> x = y), z -> z)) / size(sa)").as("similarity"))
          .where(col("similarity").geq(threshold));
      List<Edge> edges = new ArrayList<>();
      for (Row r : scored.collectAsList()) {
        edges.add(new Edge(r.getString(0), r.getString(1), r.getDouble(2)));
      }
      return edges;
    } finally {
      sigs.unpersist();
    }
  }

  /**
   * Adds the LSH band keys to signatures.
   * <pre>
   * doc_id               sig                        bands
   * 3f9c0a2b41d7e8a9c1d2 [-9211…, -9187…, …] (128)   [5521…, …] (one per band)
   * </pre>
   */
  static Dataset<Row> withBands(Dataset<Row> signatures, MinHasher hasher) {
    int length = hasher.numHashes();
    MapPartitionsFunction<Row, Row> band = rows -> {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        List<Long> values = r.getList(1);
        if (values.size() != length) {
          throw new IllegalArgumentException("Signature of " + r.getString(0) + " has " + values.size()
              + " values, expected " + length + " (computed with other MinHash parameters?)");
        }
        long[] sig = new long[length];
        for (int i = 0; i < length; i++) {
          sig[i] = values.get(i);
        }
        out.add(RowFactory.create(r.getString(0), sig, hasher.bandKeys(sig)));
      }
      Iterator<Row> it = out.iterator();
      return it;
    };
    return signatures.select("doc_id", "sig").mapPartitions(band, Encoders.row(BANDED));
  }
}

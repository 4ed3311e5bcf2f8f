package sparktune.prep;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.text.DuplicateGraph;

/**
 * Assigns train/test to documents that have no split yet, keeping near-duplicate clusters on one
 * side and never moving a document that already has a split:
 * <ul>
 *   <li>a document outside every cluster: {@link SplitRule} of its doc_id;</li>
 *   <li>a cluster member, when some member already has a split: the split of the member with the
 *       smallest doc_id among those (a cluster grown by a refresh joins its old side);</li>
 *   <li>otherwise: {@link SplitRule} of the cluster key, the cluster's smallest doc_id.</li>
 * </ul>
 */
public final class SplitAssigner {
  public static final StructType ASSIGNMENTS = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("split", DataTypes.StringType, false);

  /** A document's cluster: its key and the split it inherits (null when no member has one). */
  public record Cluster(String key, String inherited) implements Serializable {}

  private SplitAssigner() {}

  /**
   * @param graph near-duplicate pairs at split.cluster-threshold
   * @param existing doc_id -> split for graph documents that already have one
   * @return doc_id -> cluster for every document in the graph
   */
  public static Map<String, Cluster> clusters(DuplicateGraph graph, Map<String, String> existing) {
    Map<String, String> components = graph.components();
    Map<String, String> inheritedByKey = new HashMap<>();
    // TreeMap order: the smallest assigned doc_id of a component is seen first.
    for (Map.Entry<String, String> e : new TreeMap<>(existing).entrySet()) {
      String key = components.get(e.getKey());
      if (key != null) {
        inheritedByKey.putIfAbsent(key, e.getValue());
      }
    }
    Map<String, Cluster> out = new HashMap<>();
    components.forEach((doc, key) -> out.put(doc, new Cluster(key, inheritedByKey.get(key))));
    return out;
  }

  /** The split of a document without one. */
  public static String splitOf(String docId, Cluster cluster, long seed, double testFraction) {
    if (cluster == null) {
      return SplitRule.split(seed, docId, testFraction);
    }
    return cluster.inherited() != null ? cluster.inherited() : SplitRule.split(seed, cluster.key(), testFraction);
  }

  /**
   * Splits for documents without one (column doc_id).
   * <pre>
   * doc_id               split
   * 3f9c0a2b41d7e8a9c1d2 train
   * </pre>
   */
  public static Dataset<Row> assign(Dataset<Row> unassigned, Map<String, Cluster> clusters, long seed, double testFraction) {
    HashMap<String, Cluster> byDoc = new HashMap<>(clusters);
    MapFunction<Row, Row> assign = r -> {
      String id = r.getString(0);
      return RowFactory.create(id, splitOf(id, byDoc.get(id), seed, testFraction));
    };
    return unassigned.select("doc_id").map(assign, Encoders.row(ASSIGNMENTS));
  }

  /** Test documents with at least one near-duplicate in train (the split's leak count; target 0). */
  public static long testWithTrainNeighbour(DuplicateGraph graph, Map<String, String> splits) {
    long n = 0;
    for (Map.Entry<String, String> e : splits.entrySet()) {
      if ("test".equals(e.getValue())) {
        List<String> neighbours = graph.neighbours(e.getKey());
        if (neighbours.stream().anyMatch(m -> "train".equals(splits.get(m)))) {
          n++;
        }
      }
    }
    return n;
  }
}

package sparktune.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decisions over a graph of near-duplicate pairs (edges between doc ids), small enough to hold on
 * the driver: only documents with at least one near-duplicate appear in it.
 */
public final class DuplicateGraph {
  /** A near-duplicate pair with its estimated similarity. */
  public record Edge(String a, String b, double similarity) {}

  private final Map<String, Map<String, Double>> neighbours = new TreeMap<>();

  public DuplicateGraph(Iterable<Edge> edges) {
    for (Edge e : edges) {
      neighbours.computeIfAbsent(e.a(), k -> new HashMap<>()).merge(e.b(), e.similarity(), Math::max);
      neighbours.computeIfAbsent(e.b(), k -> new HashMap<>()).merge(e.a(), e.similarity(), Math::max);
    }
  }

  /**
   * Greedy dedup in doc_id order: a document is kept unless a neighbour that was already kept has a
   * smaller doc_id. Returns rejected doc_id -> the kept doc_id it duplicates (the smallest such).
   */
  public Map<String, String> rejectedToKept() {
    Map<String, String> rejected = new TreeMap<>();
    TreeSet<String> kept = new TreeSet<>();
    for (Map.Entry<String, Map<String, Double>> node : neighbours.entrySet()) {
      String keptNeighbour = null;
      for (String n : node.getValue().keySet()) {
        if (kept.contains(n) && (keptNeighbour == null || n.compareTo(keptNeighbour) < 0)) {
          keptNeighbour = n;
        }
      }
      if (keptNeighbour == null) {
        kept.add(node.getKey());
      } else {
        rejected.put(node.getKey(), keptNeighbour);
      }
    }
    return rejected;
  }

  public double similarity(String a, String b) {
    return neighbours.getOrDefault(a, Map.of()).getOrDefault(b, 0.0);
  }

  /** Connected components: every doc_id in the graph -> the smallest doc_id of its component. */
  public Map<String, String> components() {
    Map<String, String> parent = new HashMap<>();
    for (String n : neighbours.keySet()) {
      parent.put(n, n);
    }
    for (Map.Entry<String, Map<String, Double>> node : neighbours.entrySet()) {
      for (String m : node.getValue().keySet()) {
        String ra = find(parent, node.getKey());
        String rb = find(parent, m);
        if (!ra.equals(rb)) {
          // The smaller id becomes the root, so a root is its component's minimum.
          if (ra.compareTo(rb) < 0) {
            parent.put(rb, ra);
          } else {
            parent.put(ra, rb);
          }
        }
      }
    }
    Map<String, String> out = new TreeMap<>();
    for (String n : neighbours.keySet()) {
      out.put(n, find(parent, n));
    }
    return out;
  }

  /** The neighbours of a doc_id (empty when it has none). */
  public List<String> neighbours(String docId) {
    return new ArrayList<>(neighbours.getOrDefault(docId, Map.of()).keySet());
  }

  private static String find(Map<String, String> parent, String x) {
    while (!parent.get(x).equals(x)) {
      parent.put(x, parent.get(parent.get(x)));
      x = parent.get(x);
    }
    return x;
  }
}

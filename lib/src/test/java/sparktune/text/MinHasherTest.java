package sparktune.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class MinHasherTest {
  private static String text(long seed, int words) {
    Random r = new Random(seed);
    List<String> w = new ArrayList<>();
    for (int i = 0; i < words; i++) {
      w.add("w" + r.nextInt(5000));
    }
    return String.join(" ", w);
  }

  private static double jaccard(Set<Long> a, Set<Long> b) {
    Set<Long> inter = new HashSet<>(a);
    inter.retainAll(b);
    Set<Long> union = new HashSet<>(a);
    union.addAll(b);
    return (double) inter.size() / union.size();
  }

  @Test
  void signatureSimilarityEstimatesShingleJaccard() {
    MinHasher h = new MinHasher(5, 8, 0.8);
    String a = text(1, 300);
    String b = a.substring(0, a.length() / 2) + " " + text(2, 150);
    double exact = jaccard(h.shingleHashes(a), h.shingleHashes(b));
    assertThat(MinHasher.similarity(h.signature(a), h.signature(b))).isCloseTo(exact, within(0.12));
    assertThat(MinHasher.similarity(h.signature(a), h.signature(text(3, 300)))).isLessThan(0.05);
  }

  @Test
  void equalTextsShareEveryBandAndCaseDoesNotMatter() {
    MinHasher h = new MinHasher(5, 8, 0.8);
    String a = text(4, 100);
    assertThat(h.bandKeys(h.signature(a.toUpperCase()))).containsExactly(h.bandKeys(h.signature(a)));
    assertThat(h.signature("... !!!")).isNull();
  }

  @Test
  void rowsPerBandKeepsRecallAtTheThreshold() {
    int r = MinHasher.rowsPerBand(8, 0.8);
    assertThat(1 - Math.pow(1 - Math.pow(0.8, r), 8)).isGreaterThanOrEqualTo(0.95);
    assertThat(1 - Math.pow(1 - Math.pow(0.8, r + 1), 8)).isLessThan(0.95);
  }

  @Test
  void greedyDedupKeepsTheSmallestIdOfEachGroupAndComponentsUseTheSmallestId() {
    DuplicateGraph g = new DuplicateGraph(List.of(
        new DuplicateGraph.Edge("b", "a", 0.9), new DuplicateGraph.Edge("b", "c", 0.85), new DuplicateGraph.Edge("x", "y", 0.9)));
    // a kept; b duplicates a; c only resembles the rejected b, so it stays.
    assertThat(g.rejectedToKept()).isEqualTo(Map.of("b", "a", "y", "x"));
    assertThat(g.components()).isEqualTo(Map.of("a", "a", "b", "a", "c", "a", "x", "x", "y", "x"));
  }
}

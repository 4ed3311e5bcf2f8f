package sparktune.prep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparktune.text.DuplicateGraph;
import sparktune.text.DuplicateGraph.Edge;

class SplitAssignerTest {
  @Test
  void splitIsDeterministicAndNearTheTestFraction() {
    int test = 0;
    for (int i = 0; i < 20_000; i++) {
      String id = "doc" + i;
      assertThat(SplitRule.split(7, id, 0.2)).isEqualTo(SplitRule.split(7, id, 0.2));
      test += SplitRule.split(7, id, 0.2).equals("test") ? 1 : 0;
    }
    assertThat(test / 20_000.0).isBetween(0.19, 0.21);
    assertThat(SplitRule.bucket(1, "doc1")).isNotEqualTo(SplitRule.bucket(2, "doc1"));
  }

  @Test
  void newClusterMembersJoinTheSideOfTheirAssignedMembers() {
    DuplicateGraph g = new DuplicateGraph(List.of(new Edge("d1", "d2", 0.6), new Edge("d2", "d3", 0.6), new Edge("e1", "e2", 0.7)));
    Map<String, SplitAssigner.Cluster> c = SplitAssigner.clusters(g, Map.of("d3", "test", "d2", "train"));
    // d2 is the smallest assigned member of {d1, d2, d3}: d1 inherits train.
    assertThat(SplitAssigner.splitOf("d1", c.get("d1"), 0, 0.2)).isEqualTo("train");
    // A cluster with no assigned member follows the hash of its smallest doc_id.
    String side = SplitRule.split(0, "e1", 0.2);
    assertThat(SplitAssigner.splitOf("e1", c.get("e1"), 0, 0.2)).isEqualTo(side);
    assertThat(SplitAssigner.splitOf("e2", c.get("e2"), 0, 0.2)).isEqualTo(side);
    assertThat(SplitAssigner.splitOf("lonely", null, 0, 0.2)).isEqualTo(SplitRule.split(0, "lonely", 0.2));
  }

  @Test
  void leaksCountTestDocumentsWithATrainNeighbour() {
    DuplicateGraph g = new DuplicateGraph(List.of(new Edge("a", "b", 0.6), new Edge("c", "d", 0.6)));
    assertThat(SplitAssigner.testWithTrainNeighbour(g, Map.of("a", "test", "b", "train", "c", "test", "d", "test"))).isEqualTo(1);
  }
}

package sparktune.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerplexityTest {
  @Test
  void windowsWithoutStrideOverlapByOneTokenAndScoreEveryPositionOnce() {
    assertThat(Windows.plan(10, 4, 0)).containsExactly(new Windows(0, 4, 1), new Windows(3, 7, 4), new Windows(6, 10, 7));
    assertThat(Windows.plan(3, 4, 0)).containsExactly(new Windows(0, 3, 1));
    assertThat(Windows.plan(1, 4, 0)).isEmpty();
  }

  @Test
  void stridedWindowsGiveEachScoredTokenMoreContext() {
    List<Windows> w = Windows.plan(8, 4, 2);
    assertThat(w).containsExactly(new Windows(0, 4, 1), new Windows(2, 6, 4), new Windows(4, 8, 6));
    int[] scored = new int[8];
    for (Windows x : w) {
      for (int p = x.scoreFrom(); p < x.end(); p++) {
        scored[p]++;
      }
    }
    assertThat(scored).containsExactly(0, 1, 1, 1, 1, 1, 1, 1);
    assertThat(Windows.plan(8, 4, 100)).isEqualTo(Windows.plan(8, 4, 0));
  }

  /** NLL = target id / 10 + 0.01 * tokens of context it saw; records the calls. */
  private static final class ContextScorer implements TokenScorer {
    final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public int contextSize() {
      return 4;
    }

    @Override
    public float[][] tokenNll(int[][] ids) {
      batchSizes.add(ids.length);
      float[][] out = new float[ids.length][ids[0].length - 1];
      for (int b = 0; b < ids.length; b++) {
        for (int t = 0; t + 1 < ids[b].length; t++) {
          out[b][t] = ids[b][t + 1] / 10f + 0.01f * (t + 1);
        }
      }
      return out;
    }
  }

  @Test
  void sequenceScorerSumsEachScoredTokenOnceWithItsWindowContext() {
    ContextScorer scorer = new ContextScorer();
    // 6 tokens, context 4: windows [0,4) scores 1..3 with 1..3 tokens of context, [2,6) scores 4,5 with 2,3
    double[][] r = new SequenceScorer(scorer, 0, 8).score(List.of(new int[] {1, 2, 3, 4, 5, 6}, new int[] {9, 9}));
    double expected = (2 + 3 + 4 + 5 + 6) / 10.0 + 0.01 * (1 + 2 + 3 + 2 + 3);
    assertThat(r[0][0]).isCloseTo(expected, within(1e-5));
    assertThat(r[0][1]).isEqualTo(5);
    assertThat(r[1][0]).isCloseTo(0.9 + 0.01, within(1e-6));
    assertThat(r[1][1]).isEqualTo(1);
  }

  @Test
  void sequencesOfEqualLengthAreBatched() {
    ContextScorer scorer = new ContextScorer();
    List<int[]> seqs = List.of(new int[] {1, 2, 3}, new int[] {4, 5, 6}, new int[] {7, 8, 9}, new int[] {1, 2});
    new SequenceScorer(scorer, 0, 2).score(seqs);
    assertThat(scorer.batchSizes).containsExactly(2, 1, 1);
  }

  @Test
  void perplexityIsTheExponentOfTheCorpusMeanNotAMeanOfBatchPerplexities() {
    // two batches: 1 token with NLL 0 and 3 tokens with NLL 3 in total
    List<MetricValue> m = Perplexity.metrics(0 + 3, 1 + 3, 8, 2);
    assertThat(m).extracting(MetricValue::metric).containsExactly("nll-sum", "perplexity", "bits-per-token", "bits-per-byte", "word-perplexity");
    assertThat(m.get(1).value()).isCloseTo(Math.exp(0.75), within(1e-12));
    assertThat(m.get(1).value()).isNotCloseTo((Math.exp(0) + Math.exp(1)) / 2, within(1e-3));
    assertThat(m.get(3).value()).isCloseTo(3 / Math.log(2) / 8, within(1e-12));
    assertThat(m.get(4).value()).isCloseTo(Math.exp(1.5), within(1e-12));
    assertThat(Perplexity.metrics(0, 0, 10, 10)).isEmpty();
  }
}

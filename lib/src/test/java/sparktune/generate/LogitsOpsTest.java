package sparktune.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogitsOpsTest {
  private static final float NEG = Float.NEGATIVE_INFINITY;

  @Test
  void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokensOnce() {
    float[] logits = {2f, -2f, 1f, 3f};
    LogitsOps.repetitionPenalty(logits, new int[] {0, 1, 0, 9}, 3, 2.0); // token 9 is past the length
    assertThat(logits).containsExactly(1f, -4f, 1f, 3f);
  }

  @Test
  void noRepeatNgramBansTheTokenThatWouldCompleteASeenNgram() {
    float[] logits = {0f, 0f, 0f, 0f, 0f};
    // context 1 2 3 1 2: the trigram (1 2 3) exists, so after "1 2" token 3 is banned
    LogitsOps.banRepeatedNgrams(logits, new int[] {1, 2, 3, 1, 2}, 5, 3);
    assertThat(logits).containsExactly(0f, 0f, 0f, NEG, 0f);
  }

  @Test
  void noRepeatUnigramBansEverySeenToken() {
    float[] logits = {0f, 0f, 0f, 0f};
    LogitsOps.banRepeatedNgrams(logits, new int[] {3, 1}, 2, 1);
    assertThat(logits).containsExactly(0f, NEG, 0f, NEG);
  }

  @Test
  void topKKeepsTheKLargestLogits() {
    float[] logits = {0.5f, 3f, -1f, 2f};
    LogitsOps.topK(logits, 2);
    assertThat(logits).containsExactly(NEG, 3f, NEG, 2f);
  }

  @Test
  void topPKeepsTheSmallestSetReachingP() {
    // probabilities 0.5, 0.3, 0.2
    float[] base = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    float[] p07 = base.clone();
    LogitsOps.topP(p07, 0.7);
    assertThat(p07).containsExactly(base[0], base[1], NEG);
    float[] p05 = base.clone();
    LogitsOps.topP(p05, 0.5);
    assertThat(p05).containsExactly(base[0], NEG, NEG);
    float[] p09 = base.clone();
    LogitsOps.topP(p09, 0.9);
    assertThat(p09).containsExactly(base);
  }

  @Test
  void temperatureScalesLogits() {
    float[] logits = {1f, -2f};
    LogitsOps.temperature(logits, 0.5);
    assertThat(logits).containsExactly(2f, -4f);
  }

  @Test
  void logSoftmaxIgnoresBannedTokens() {
    double[] lp = LogitsOps.logSoftmax(new float[] {0f, 0f, NEG});
    assertThat(lp[0]).isCloseTo(Math.log(0.5), within(1e-12));
    assertThat(lp[2]).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void samplingFollowsTheDistribution() {
    float[] logits = {(float) Math.log(0.25), (float) Math.log(0.75), NEG};
    Random random = new Random(7);
    int ones = 0;
    for (int i = 0; i < 20_000; i++) {
      int t = LogitsOps.sample(logits, random);
      assertThat(t).isNotEqualTo(2);
      ones += t;
    }
    assertThat(ones / 20_000.0).isCloseTo(0.75, within(0.02));
  }

  @Test
  void argmaxTakesTheFirstOfTies() {
    assertThat(LogitsOps.argmax(new float[] {1f, 5f, 5f})).isEqualTo(1);
  }
}

package sparktune.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationMetricsTest {
  private static List<String> w(String text) {
    return Words.of(text);
  }

  @Test
  void wordsAreLowerCasedRunsOfLettersAndDigitsKeepingInnerApostrophes() {
    assertThat(Words.of("Don't STOP, 2 well-known Ёжики!")).containsExactly("don't", "stop", "2", "well-known", "ёжики");
  }

  @Test
  void sentencesSplitAtTerminalPunctuationAndLineBreaks() {
    assertThat(Words.sentences("The cat sat. Did it? \"Yes!\" it said\nthen left ..."))
        .containsExactly("The cat sat.", "Did it?", "\"Yes!\"", "it said", "then left ...");
  }

  @Test
  void distinctNIsUniqueOverTotalNgramsAcrossTexts() {
    MetricValue d2 = NGrams.distinct(List.of(w("a b a b"), w("a b c")), 2);
    assertThat(d2.value()).isCloseTo(3.0 / 5, within(1e-12));
    assertThat(d2.n()).isEqualTo(5);
    assertThat(NGrams.distinct(List.of(w("a b a b"), w("a b c")), 1).value()).isCloseTo(3.0 / 7, within(1e-12));
    assertThat(NGrams.distinct(List.of(w("a")), 3).value()).isZero();
  }

  @Test
  void repetitionCountsNgramsRepeatingAnEarlierOneOfTheSameText() {
    // "a b a b": ab, ba, ab(repeat); "a b c": ab, bc (its ab is not a repeat within its own text)
    MetricValue r = NGrams.repetition(List.of(w("a b a b"), w("a b c")), 2);
    assertThat(r.value()).isCloseTo(1.0 / 5, within(1e-12));
    assertThat(r.n()).isEqualTo(5);
    assertThat(NGrams.repetition(List.of(w("x y z w x y z w x y z w")), 4).value()).isCloseTo(5.0 / 9, within(1e-12));
  }

  @Test
  void typeTokenRatioIsDistinctOverTotalWords() {
    assertThat(LexicalDiversity.typeTokenRatio(w("a a b c d"))).isCloseTo(0.8, within(1e-12));
    assertThat(LexicalDiversity.typeTokenRatio(List.of())).isZero();
  }

  @Test
  void mtldCountsFullAndPartialFactorsInBothDirections() {
    // a b a | b a b: the TTR falls to 2/3 <= 0.72 twice each way -> 6 / 2
    assertThat(LexicalDiversity.mtld(w("a b a b a b"), 0.72)).isCloseTo(3.0, within(1e-12));
    // no full factor; remainder TTR 4/5 -> partial (1 - 0.8) / 0.28 -> 5 / 0.714.. = 7 both ways
    assertThat(LexicalDiversity.mtld(w("a b c d a"), 0.72)).isCloseTo(7.0, within(1e-9));
    // forward: (a a) closes a factor, b c d remains with TTR 1 -> 5 / 1 = 5;
    // backward: d c b a a, TTR 0.8 at the end -> 7; mean 6
    assertThat(LexicalDiversity.mtld(w("a a b c d"), 0.72)).isCloseTo(6.0, within(1e-9));
    // every word distinct: no factor at all -> the word count
    assertThat(LexicalDiversity.mtld(w("one two three"), 0.72)).isEqualTo(3.0);
  }

  @Test
  void coherenceIsTheMeanCosineOfConsecutiveSentenceEmbeddings() {
    SentenceEmbedder catDog = new SentenceEmbedder() {
      @Override
      public float[] embed(String s) {
        List<String> words = Words.of(s);
        return new float[] {words.stream().filter("cat"::equals).count(), words.stream().filter("dog"::equals).count()};
      }

      @Override
      public String name() {
        return "cat-dog";
      }
    };
    // [1,0] -> [1,1] -> [0,1]: two pairs of cosine 1/sqrt(2); a one-sentence text adds no pair
    MetricValue c = Coherence.of(List.of("The cat sat. The cat and dog ran. A dog!", "Only one sentence"), catDog);
    assertThat(c.value()).isCloseTo(1 / Math.sqrt(2), within(1e-9));
    assertThat(c.n()).isEqualTo(2);
    assertThat(Coherence.cosine(new float[] {1, 2}, new float[] {-1, -2})).isCloseTo(-1, within(1e-12));
  }

  @Test
  void generationMetricsReportEveryMetricWithItsCount() {
    List<MetricValue> m = GenerationMetrics.of(List.of("a b a b", "a b c"), null);
    assertThat(m).extracting(MetricValue::metric)
        .containsExactly("distinct-1", "distinct-2", "distinct-3", "type-token-ratio", "mtld", "repetition-4", "words-per-continuation");
    assertThat(m.get(3).value()).isCloseTo((0.5 + 1.0) / 2, within(1e-12));
    assertThat(m.get(6).value()).isCloseTo(3.5, within(1e-12));
  }
}

package sparktune.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextModelTest {
  /** Two words, at most two words per unit, two units per block, two blocks (or verse–chorus pairs). */
  private static final TextShape TINY_PROSE = new TextShape("tiny-prose", false, 1, 2, 0.3, 0.1, 0.9, 0.4,
      List.of(".", "?"), new double[] {0.7, 0.3}, 1, 2, 0.4, 2, 0.5);
  private static final TextShape TINY_LYRICS = new TextShape("tiny-lyrics", true, 1, 2, 0.3, 0.1, 0.9, 0.0,
      List.of(""), new double[] {1.0}, 1, 2, 0.4, 2, 0.5);
  private static final List<String> TINY_WORDS = List.of("ka", "lo");

  private static BigramModel tinyModel() {
    return new BigramModel(Vocabulary.of(TINY_WORDS), 2, 0.5, 7);
  }

  @Test
  void scorerRecomputesTheGeneratorsLogProbabilityFromTheTextAlone() {
    for (String[] sl : new String[][] {{"wikibooks", "en"}, {"wikibooks", "ru"}, {"wikibooks", "es"}, {"classics", "ru"},
        {"lyrics", "en"}, {"lyrics-csv", "es"}}) {
      SampleModel model = SampleModel.of(42, sl[0], sl[1]);
      for (int i = 0; i < 40; i++) {
        TextGenerator.Generated g = model.generate(new SplittableRandom(i));
        assertThat(g.logProb()).isFinite().isNegative();
        assertThat(model.bits(g.text())).as("%s/%s #%d", sl[0], sl[1], i).isEqualTo(g.bits());
      }
    }
  }

  @Test
  void probabilitiesOfEveryTinyProseTextSumToOne() {
    TextScorer scorer = new TextScorer(tinyModel(), TINY_PROSE);
    List<String> sentences = new ArrayList<>();
    for (String a : TINY_WORDS) {
      String first = Language.capitalize(a);
      for (String t : List.of(".", "?")) {
        sentences.add(first + t);
        for (String b : TINY_WORDS) {
          sentences.add(first + " " + b + t);
          sentences.add(first + ", " + b + t);
        }
      }
    }
    List<String> paragraphs = joinUpTo2(sentences, " ");
    List<String> texts = joinUpTo2(paragraphs, "\n\n");
    assertThat(texts).hasSize(420 + 420 * 420);
    double total = 0;
    for (String text : texts) {
      total += Math.exp(scorer.logProb(text));
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void probabilitiesOfEveryTinySongSumToOne() {
    TextScorer scorer = new TextScorer(tinyModel(), TINY_LYRICS);
    List<String> lines = new ArrayList<>();
    for (String a : TINY_WORDS) {
      lines.add(Language.capitalize(a));
      for (String b : TINY_WORDS) {
        lines.add(Language.capitalize(a) + " " + b);
      }
    }
    List<String> blocks = joinUpTo2(lines, "\n");
    double total = 0;
    int texts = 0;
    for (String verse : blocks) {
      for (String chorus : blocks) {
        total += Math.exp(scorer.logProb(verse + "\n\n" + chorus));
        texts++;
        for (String verse2 : blocks) {
          total += Math.exp(scorer.logProb(verse + "\n\n" + chorus + "\n\n" + verse2 + "\n\n" + chorus));
          texts++;
        }
      }
    }
    assertThat(texts).isEqualTo(42 * 42 + 42 * 42 * 42);
    assertThat(total).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void generatorDrawsTinyTextsWithTheirScoredProbability() {
    BigramModel model = tinyModel();
    TextGenerator generator = new TextGenerator(model, TINY_PROSE);
    TextScorer scorer = new TextScorer(model, TINY_PROSE);
    int n = 200_000;
    Map<String, Integer> counts = new HashMap<>();
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      counts.merge(generator.generate(rng).text(), 1, Integer::sum);
    }
    List<Map.Entry<String, Integer>> top = counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(20).toList();
    for (Map.Entry<String, Integer> e : top) {
      double p = Math.exp(scorer.logProb(e.getKey()));
      double sd = Math.sqrt(p * (1 - p) / n);
      assertThat((double) e.getValue() / n).as(e.getKey()).isCloseTo(p, within(5 * sd));
    }
  }

  @Test
  void textsTheGeneratorCannotProduceScoreZeroProbability() {
    SampleModel prose = SampleModel.of(42, "wikibooks", "en");
    String text = prose.generate(new SplittableRandom(1)).text();
    assertThat(prose.bits(text)).isFinite();
    for (String bad : List.of(text + "\n", text.replaceFirst(" ", "  "), text.substring(0, text.length() - 1),
        "Zzzq is.", text + "\n\n", text.replace("\n\n", "\r\n\r\n"), text.toLowerCase())) {
      if (!bad.equals(text)) {
        assertThat(prose.bits(bad)).as(bad).isInfinite();
      }
    }
    SampleModel lyrics = SampleModel.of(42, "lyrics", "en");
    String song = lyrics.generate(new SplittableRandom(2)).text();
    String[] blocks = song.split("\n\n");
    assertThat(lyrics.bits(song)).isFinite();
    assertThat(lyrics.bits(song + "\n\n" + blocks[0])).as("odd number of sections").isInfinite();
    assertThat(lyrics.bits(song + "\n\n" + blocks[0] + "\n\n" + blocks[0])).as("second chorus differs").isInfinite();
  }

  @Test
  void generatedTextIsAlreadyClean() {
    for (String[] sl : new String[][] {{"wikibooks", "ru"}, {"classics", "en"}, {"lyrics-csv", "es"}}) {
      SampleModel model = SampleModel.of(5, sl[0], sl[1]);
      for (int i = 0; i < 20; i++) {
        String text = model.generate(new SplittableRandom(i)).text();
        assertThat(Normalizer.isNormalized(text, Normalizer.Form.NFC)).isTrue();
        assertThat(text).doesNotContain("  ", "\r", "\n\n\n", "<", "&", "[", "{", "\"").doesNotStartWith(" ").doesNotEndWith("\n");
        assertThat(text.strip()).isEqualTo(text);
      }
    }
  }

  @Test
  void sameSeedSameTextsOtherSeedOtherTexts() {
    String a = SampleModel.of(9, "wikibooks", "es").generate(new SplittableRandom(4)).text();
    String b = SampleModel.of(9, "wikibooks", "es").generate(new SplittableRandom(4)).text();
    String c = SampleModel.of(10, "wikibooks", "es").generate(new SplittableRandom(4)).text();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void vocabularyHasDistinctLowercaseWordsOfItsAlphabet() {
    Vocabulary ru = Vocabulary.build(Language.RU, 4000, 42);
    assertThat(ru.size()).isEqualTo(4000);
    for (int i = 0; i < ru.size(); i++) {
      assertThat(ru.word(i)).matches("[а-яё]+");
      assertThat(ru.id(ru.word(i))).isEqualTo(i);
    }
    assertThat(ru.prob(0)).isGreaterThan(ru.prob(100)).isGreaterThan(0.0);
  }

  private static List<String> joinUpTo2(List<String> parts, String sep) {
    List<String> out = new ArrayList<>(parts);
    for (String a : parts) {
      for (String b : parts) {
        out.add(a + sep + b);
      }
    }
    return out;
  }
}

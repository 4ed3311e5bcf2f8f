package sparktune.samples;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generator's distribution for one (seed, source, language): draws texts with their exact
 * probability and scores any text. Evaluation uses {@link #bits} to compare a model's bits per byte
 * with the true entropy of a held-out sample document.
 *
 * <p>Per language: a vocabulary of {@value #VOCABULARY_SIZE} pseudo-words with Zipf-like
 * frequencies and a bigram mixture ({@value #SUCCESSORS} successors per word, weight
 * {@value #LAMBDA}); per source a {@link TextShape}: wikibooks → wiki, classics → book, lyrics and
 * lyrics-csv → lyrics.
 */
public final class SampleModel {
  static final int VOCABULARY_SIZE = 4000;
  static final int SUCCESSORS = 12;
  static final double LAMBDA = 0.75;

  private static final Map<String, BigramModel> MODELS = new ConcurrentHashMap<>();

  private final BigramModel model;
  private final TextGenerator generator;
  private final TextScorer scorer;

  SampleModel(BigramModel model, TextShape shape) {
    this.model = model;
    this.generator = new TextGenerator(model, shape);
    this.scorer = new TextScorer(model, shape);
  }

  /**
   * @param seed the samples seed (samples.json "seed")
   * @param source wikibooks, classics, lyrics or lyrics-csv
   * @param lang en, ru or es
   */
  public static SampleModel of(long seed, String source, String lang) {
    TextShape shape = switch (source) {
      case "wikibooks" -> TextShape.WIKI;
      case "classics" -> TextShape.BOOK;
      case "lyrics", "lyrics-csv" -> TextShape.LYRICS;
      default -> throw new IllegalArgumentException("Unknown sample source '" + source + "' (known: wikibooks, classics, lyrics, lyrics-csv)");
    };
    return new SampleModel(bigram(seed, Language.of(lang)), shape);
  }

  static BigramModel bigram(long seed, Language lang) {
    return MODELS.computeIfAbsent(seed + "/" + lang.code(),
        k -> new BigramModel(Vocabulary.build(lang, VOCABULARY_SIZE, seed), SUCCESSORS, LAMBDA, Seeds.mix(seed, 0x424DL, lang.ordinal())));
  }

  /** −log2 P(text) under this distribution; {@code +Infinity} for a text it cannot produce. */
  public double bits(String text) {
    return bitsOf(scorer.logProb(text));
  }

  static double bitsOf(double logProb) {
    return -logProb / Math.log(2);
  }

  /** A random word of the vocabulary (unigram draw), lowercase. */
  String word(SplittableRandom rng) {
    return model.vocab().word(model.vocab().sample(rng));
  }

  TextGenerator.Generated generate(SplittableRandom rng) {
    return generator.generate(rng);
  }

  /** A draw of {@code count} words from the language's unigram, each capitalized, joined by spaces (titles, names). */
  String name(int count, SplittableRandom rng) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(Language.capitalize(model.vocab().word(model.vocab().sample(rng))));
    }
    return b.toString();
  }
}

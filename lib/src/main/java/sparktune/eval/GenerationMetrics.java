package sparktune.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Every generation metric of one group of continuations (one model, checkpoint, decoding config
 * and source): distinct-1/2/3, type-token ratio and MTLD (means over continuations), repetition
 * of 4-grams, mean generated words, and local coherence when an embedder is given.
 */
public final class GenerationMetrics {
  /** The n of the repetition rate. */
  public static final int REPETITION_N = 4;

  private GenerationMetrics() {}

  /** @param embedder sentence embedder for coherence, or null to skip it */
  public static List<MetricValue> of(List<String> continuations, SentenceEmbedder embedder) {
    List<List<String>> words = continuations.stream().map(Words::of).toList();
    List<MetricValue> out = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      out.add(NGrams.distinct(words, n));
    }
    double ttr = 0;
    double mtld = 0;
    long totalWords = 0;
    for (List<String> w : words) {
      ttr += LexicalDiversity.typeTokenRatio(w);
      mtld += LexicalDiversity.mtld(w, LexicalDiversity.MTLD_THRESHOLD);
      totalWords += w.size();
    }
    int texts = words.size();
    out.add(new MetricValue("type-token-ratio", texts == 0 ? 0 : ttr / texts, texts));
    out.add(new MetricValue("mtld", texts == 0 ? 0 : mtld / texts, texts));
    out.add(NGrams.repetition(words, REPETITION_N));
    out.add(new MetricValue("words-per-continuation", texts == 0 ? 0 : (double) totalWords / texts, texts));
    if (embedder != null) {
      out.add(Coherence.of(continuations, embedder));
    }
    return out;
  }
}

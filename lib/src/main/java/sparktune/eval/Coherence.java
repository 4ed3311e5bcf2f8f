package sparktune.eval;

import java.util.List;

/** Local coherence: mean cosine similarity of the embeddings of consecutive sentences. */
public final class Coherence {
  private Coherence() {}

  /** Cosine similarity a.b / (|a| |b|); 0 when either vector is zero. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("Embeddings differ in size: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /**
   * Pools every consecutive sentence pair of every text: value = mean cosine over all pairs, n =
   * the number of pairs (texts with fewer than two sentences contribute none).
   */
  public static MetricValue of(List<String> texts, SentenceEmbedder embedder) {
    double sum = 0;
    long pairs = 0;
    for (String text : texts) {
      List<String> sentences = Words.sentences(text);
      float[] previous = null;
      for (String s : sentences) {
        float[] e = embedder.embed(s);
        if (previous != null) {
          sum += cosine(previous, e);
          pairs++;
        }
        previous = e;
      }
    }
    return new MetricValue("coherence", pairs == 0 ? 0 : sum / pairs, pairs);
  }
}

package sparktune.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One continuation produced by the sweep, with its coherence sums.
 *
 * @param dir model directory that generated it
 * @param decoding decoding config name
 * @param source source of the prompt
 * @param promptIndex prompt index within the source
 * @param prompt prompt text
 * @param text generated text
 * @param newTokens generated tokens
 * @param coherenceSum sum of consecutive-sentence cosines in this text
 * @param coherencePairs number of consecutive sentence pairs
 * @param embedder what embedded the sentences
 */
public record GeneratedText(String dir, String decoding, String source, int promptIndex, String prompt, String text,
    int newTokens, double coherenceSum, long coherencePairs, String embedder) implements Serializable {

  /**
   * Every generation metric of one group, coherence pooled exactly from the per-text sums (left out
   * when no continuation has two sentences).
   */
  public static List<MetricValue> metrics(List<GeneratedText> group) {
    List<MetricValue> out = new ArrayList<>(GenerationMetrics.of(group.stream().map(GeneratedText::text).toList(), null));
    double sum = group.stream().mapToDouble(GeneratedText::coherenceSum).sum();
    long pairs = group.stream().mapToLong(GeneratedText::coherencePairs).sum();
    if (pairs > 0) { // undefined when no continuation has two sentences
      out.add(new MetricValue("coherence", sum / pairs, pairs));
    }
    out.add(new MetricValue("tokens-per-continuation", group.stream().mapToInt(GeneratedText::newTokens).average().orElse(0), group.size()));
    return out;
  }
}

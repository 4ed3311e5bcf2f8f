package sparktune.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Corpus-level perplexity numbers from exact sums (never an average of batch perplexities).
 *
 * <pre>
 * perplexity     = exp(nll / tokens)
 * bits-per-token = nll / ln 2 / tokens
 * bits-per-byte  = nll / ln 2 / bytes
 * word-perplexity = exp(nll / words)
 * </pre>
 * nll is the summed negative log-likelihood in nats over the scored tokens; bytes and words are the
 * UTF-8 bytes and whitespace words of the same text (from the shard manifest), which makes the
 * last two comparable across tokenizers.
 */
public final class Perplexity {
  private Perplexity() {}

  /**
   * @param bytes UTF-8 bytes of the text (0: bits-per-byte is left out)
   * @param words whitespace words of the text (0: word-perplexity is left out)
   */
  public static List<MetricValue> metrics(double nll, long tokens, long bytes, long words) {
    List<MetricValue> out = new ArrayList<>();
    if (tokens == 0) {
      return out;
    }
    out.add(new MetricValue("nll-sum", nll, tokens));
    out.add(new MetricValue("perplexity", Math.exp(nll / tokens), tokens));
    out.add(new MetricValue("bits-per-token", nll / Math.log(2) / tokens, tokens));
    if (bytes > 0) {
      out.add(new MetricValue("bits-per-byte", nll / Math.log(2) / bytes, bytes));
    }
    if (words > 0) {
      out.add(new MetricValue("word-perplexity", Math.exp(nll / words), words));
    }
    return out;
  }
}

package sparktune.evaluate;

import sparktune.eval.SentenceEmbedder;
import sparktune.generate.Gpt2Lm;
import sparktune.tokenizer.BpeTokenizer;

/**
 * Sentence embeddings from a GPT-2: the mean of the final hidden states over the sentence's tokens
 * (truncated to the context). Used for coherence with the evaluated model itself or with a
 * separate local embedding model directory.
 */
public final class HiddenStateEmbedder implements SentenceEmbedder {
  private final Gpt2Lm lm;
  private final BpeTokenizer tokenizer;
  private final String name;

  /** @param name the {@code embedder} label of eval rows */
  public HiddenStateEmbedder(Gpt2Lm lm, BpeTokenizer tokenizer, String name) {
    this.lm = lm;
    this.tokenizer = tokenizer;
    this.name = name;
  }

  @Override
  public float[] embed(String sentence) {
    int[] ids = tokenizer.encodeOrdinary(sentence);
    if (ids.length == 0) {
      ids = new int[] {lm.eosId()};
    }
    if (ids.length > lm.contextSize()) {
      ids = java.util.Arrays.copyOf(ids, lm.contextSize());
    }
    return lm.meanPooled(new int[][] {ids})[0];
  }

  @Override
  public String name() {
    return name;
  }
}

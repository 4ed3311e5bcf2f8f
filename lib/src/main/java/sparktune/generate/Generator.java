package sparktune.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Generates a continuation of one prompt with a {@link DecodingConfig}: greedy, sampling
 * (temperature, top-k, top-p), beam search, or beam-sample (strategy sample with num-beams >= 2,
 * see {@link BeamSearch}), each with repetition penalty and no-repeat n-gram, stopping at EOS or
 * after max-new-tokens. The same seed gives the same tokens; with or without
 * the KV cache the tokens are the same up to float rounding of the model.
 */
public final class Generator {
  private Generator() {}

  /**
   * @param prompt prompt token ids (at least one); when prompt + maxNewTokens exceeds the context,
   *     the prompt is cut from the left and then maxNewTokens is capped to fit
   * @param eosId the end-of-text id that stops generation (negative: none)
   * @param cache whether to use the model's KV cache
   */
  public static Generation generate(CausalLm lm, int[] prompt, DecodingConfig cfg, int maxNewTokens, int eosId, boolean cache) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("Empty prompt: generation needs at least one token (e.g. the EOS id)");
    }
    int context = lm.contextSize();
    int[] p = prompt.length > context - 1 ? Arrays.copyOfRange(prompt, prompt.length - (context - 1), prompt.length) : prompt;
    int maxNew = Math.min(maxNewTokens, context - p.length);
    if (cfg.numBeams() > 1) { // beam search, or beam-sample for strategy sample
      try (DecodeSession s = cache ? lm.openCached(p, cfg.numBeams()) : lm.openUncached(p, cfg.numBeams())) {
        return BeamSearch.run(s, p, cfg, maxNew, eosId);
      }
    }
    try (DecodeSession s = cache ? lm.openCached(p, 1) : lm.openUncached(p, 1)) {
      return single(s, p, cfg, maxNew, eosId);
    }
  }

  private static Generation single(DecodeSession s, int[] prompt, DecodingConfig cfg, int maxNew, int eosId) {
    Random random = cfg.random();
    int[] seq = Arrays.copyOf(prompt, prompt.length + maxNew); // prompt then generated tokens
    int len = prompt.length;
    double score = 0;
    boolean eos = false;
    for (int step = 0; step < maxNew; step++) {
      float[] logits = s.logits()[0];
      penalize(logits, seq, len, cfg);
      int next;
      if (cfg.strategy() == Strategy.GREEDY) {
        next = LogitsOps.argmax(logits);
      } else {
        warp(logits, cfg);
        next = LogitsOps.sample(logits, random);
      }
      score += LogitsOps.logSoftmaxAt(logits, next);
      if (next == eosId) {
        eos = true;
        break;
      }
      seq[len++] = next;
      if (step + 1 < maxNew) {
        s.append(new int[] {next});
      }
    }
    return new Generation(Arrays.copyOfRange(seq, prompt.length, len), eos, score, s.forwardCalls());
  }

  /** The sampling warpers, in place: temperature, then top-k, then top-p. */
  static void warp(float[] logits, DecodingConfig cfg) {
    LogitsOps.temperature(logits, cfg.temperature());
    LogitsOps.topK(logits, cfg.topK());
    LogitsOps.topP(logits, cfg.topP());
  }

  /** The processors that apply to every strategy: repetition penalty, then no-repeat n-gram. */
  static void penalize(float[] logits, int[] seq, int len, DecodingConfig cfg) {
    LogitsOps.repetitionPenalty(logits, seq, len, cfg.repetitionPenalty());
    LogitsOps.banRepeatedNgrams(logits, seq, len, cfg.noRepeatNgramSize());
  }
}

package sparktune.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generates continuations of many prompts at once: up to {@code batchSize} prompts share one
 * forward pass per step ({@link CausalLm#openBatch}), each with its own sequence, repetition
 * penalty and no-repeat n-gram state and, when sampling, its own random stream seeded exactly as
 * {@link Generator} seeds a single prompt; a row that reaches EOS or its token limit leaves the
 * batch. The tokens are those of {@link Generator#generate} for each prompt alone, up to float
 * rounding of the batched forward (see docs/evaluation.md). Beam search and beam-sample already
 * use the batch for their beams and run one prompt at a time.
 */
public final class BatchGenerator {
  private BatchGenerator() {}

  /**
   * @param prompts prompt token ids, each at least one token; cut from the left to fit the
   *     context as {@link Generator#generate} does
   * @param batchSize prompts decoded together (>= 1); prompts are grouped by length first, so a
   *     batch holds little padding
   * @param eosId the end-of-text id that stops a row (negative: none)
   * @return one generation per prompt, in the order of {@code prompts}; {@code forwardCalls} is
   *     the forward passes of the batch the prompt ran in
   */
  public static List<Generation> generate(CausalLm lm, List<int[]> prompts, DecodingConfig cfg, int maxNewTokens, int eosId, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid generation batch size: " + batchSize + " (must be >= 1)");
    }
    Generation[] out = new Generation[prompts.size()];
    if (cfg.numBeams() > 1) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Generator.generate(lm, prompts.get(i), cfg, maxNewTokens, eosId, true);
      }
      return Arrays.asList(out);
    }
    Integer[] order = new Integer[out.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> prompts.get(i).length));
    for (int from = 0; from < order.length; from += batchSize) {
      int n = Math.min(batchSize, order.length - from);
      Row[] rows = new Row[n];
      for (int k = 0; k < n; k++) {
        rows[k] = new Row(order[from + k], prompts.get(order[from + k]), lm.contextSize(), maxNewTokens, cfg);
      }
      for (Row r : decode(lm, rows, cfg, eosId)) {
        out[r.index] = r.result;
      }
    }
    return Arrays.asList(out);
  }

  private static Row[] decode(CausalLm lm, Row[] rows, DecodingConfig cfg, int eosId) {
    List<Row> active = new ArrayList<>();
    for (Row r : rows) {
      if (r.maxNew > 0) {
        active.add(r);
      } else {
        r.finish(false, 0);
      }
    }
    if (active.isEmpty()) {
      return rows;
    }
    int[][] prompts = new int[active.size()][];
    for (int k = 0; k < prompts.length; k++) {
      prompts[k] = active.get(k).prompt();
    }
    try (DecodeSession s = lm.openBatch(prompts)) {
      while (!active.isEmpty()) {
        float[][] logits = s.logits();
        List<Row> next = new ArrayList<>();
        int[] keep = new int[active.size()];
        int[] tokens = new int[active.size()];
        for (int k = 0; k < active.size(); k++) {
          Row r = active.get(k);
          int token = r.choose(logits[k], cfg);
          if (token == eosId) {
            r.finish(true, s.forwardCalls());
          } else if (r.add(token)) {
            r.finish(false, s.forwardCalls());
          } else {
            keep[next.size()] = k;
            tokens[next.size()] = token;
            next.add(r);
          }
        }
        if (next.isEmpty()) {
          break;
        }
        if (next.size() < active.size()) {
          s.reorder(Arrays.copyOf(keep, next.size()));
        }
        s.append(Arrays.copyOf(tokens, next.size()));
        active = next;
      }
    }
    return rows;
  }

  /** One prompt's decoding state. */
  private static final class Row {
    final int index;
    final int promptLength;
    final int maxNew;
    final int[] seq; // prompt then generated tokens
    final Random random;
    int len;
    double score;
    Generation result;

    Row(int index, int[] prompt, int context, int maxNewTokens, DecodingConfig cfg) {
      if (prompt.length == 0) {
        throw new IllegalArgumentException("Empty prompt " + index + ": generation needs at least one token (e.g. the EOS id)");
      }
      int[] p = prompt.length > context - 1 ? Arrays.copyOfRange(prompt, prompt.length - (context - 1), prompt.length) : prompt;
      this.index = index;
      this.promptLength = p.length;
      this.maxNew = Math.min(maxNewTokens, context - p.length);
      this.seq = Arrays.copyOf(p, p.length + maxNew);
      this.len = p.length;
      this.random = cfg.random();
    }

    int[] prompt() {
      return Arrays.copyOf(seq, promptLength);
    }

    int choose(float[] logits, DecodingConfig cfg) {
      Generator.penalize(logits, seq, len, cfg);
      int next;
      if (cfg.strategy() == Strategy.GREEDY) {
        next = LogitsOps.argmax(logits);
      } else {
        Generator.warp(logits, cfg);
        next = LogitsOps.sample(logits, random);
      }
      score += LogitsOps.logSoftmaxAt(logits, next);
      return next;
    }

    /** Appends a generated token; true when the row has reached its token limit. */
    boolean add(int token) {
      seq[len++] = token;
      return len - promptLength == maxNew;
    }

    void finish(boolean eos, int forwardCalls) {
      result = new Generation(Arrays.copyOfRange(seq, promptLength, len), eos, score, forwardCalls);
    }
  }
}

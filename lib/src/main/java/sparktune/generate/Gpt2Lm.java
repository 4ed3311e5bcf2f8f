package sparktune.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import sparktune.eval.TokenScorer;
import sparktune.model.Gpt2Model;
import sparktune.model.KvCache;

/**
 * The DJL GPT-2 as a {@link CausalLm}, plus the two other views evaluation needs: per-token
 * negative log-likelihoods (perplexity) and mean-pooled hidden states (sentence embeddings).
 * Every call runs in its own scratch manager, so concurrent calls from several task threads are
 * independent; the parameters are only read.
 */
public final class Gpt2Lm implements CausalLm, TokenScorer, AutoCloseable {
  /** Most logits (floats) that {@link #tokenNll} materializes at once: 64 MiB. */
  static final long LOGITS_CHUNK = 16L << 20;

  private final Gpt2Model model;
  private final NDManager manager;

  /** @param manager owns the model's parameters; closed by {@link #close()} */
  public Gpt2Lm(Gpt2Model model, NDManager manager) {
    this.model = model;
    this.manager = manager;
  }

  public Gpt2Model model() {
    return model;
  }

  @Override
  public int vocabSize() {
    return model.config().vocabSize();
  }

  @Override
  public int contextSize() {
    return model.config().nPositions();
  }

  /** The model's EOS id (config.json eos_token_id). */
  public int eosId() {
    return model.config().eosTokenId();
  }

  @Override
  public float[][] lastLogits(int[][] ids) {
    try (NDManager step = manager.newSubManager()) {
      NDArray logits = model.logits(step.create(ids), false); // (B, T, V)
      return rows(logits.get(new NDIndex(":, -1, :")), ids.length);
    }
  }

  /**
   * Negative log-likelihood (nats) of each next token: ids (B, T) -> (B, T-1), where [b][t] is
   * -log p(ids[b][t+1] | ids[b][0..t]).
   */
  @Override
  public float[][] tokenNll(int[][] ids) {
    int T = ids[0].length;
    try (NDManager step = manager.newSubManager()) {
      NDArray x = step.create(ids); // (B, T)
      // the last position predicts nothing here: drop it before the (C x V) head, not after
      NDArray h = model.hidden(x, null, null, false).get(new NDIndex(":, :{}, :", T - 1)); // (B, T-1, C)
      NDArray wteT = model.namedParameters().get("transformer.wte.weight").getArray().transpose();
      wteT.attach(step); // a view of the tied embedding owned by this step, not by the parameters
      NDArray targets = x.get(new NDIndex(":, 1:")).toType(DataType.INT64, false).expandDims(2); // (B, T-1, 1)
      // The (rows, T-1, V) logits and their log-softmax are the largest arrays of the pass (GPT-2,
      // B 8, T 256: 2 x 411 MB); a few rows at a time keeps them near LOGITS_CHUNK floats.
      int B = ids.length;
      int chunk = (int) Math.max(1, Math.min(B, LOGITS_CHUNK / ((long) (T - 1) * vocabSize())));
      float[][] out = new float[B][];
      for (int from = 0; from < B; from += chunk) {
        int to = Math.min(B, from + chunk);
        try (NDManager part = step.newSubManager()) {
          NDArray hPart = h.get(new NDIndex("{}:{}", from, to));
          hPart.attach(part);
          NDArray logp = hPart.matMul(wteT).logSoftmax(2); // (rows, T-1, V)
          NDArray nll = logp.gather(targets.get(new NDIndex("{}:{}", from, to)), 2).squeeze(2).neg(); // (rows, T-1)
          System.arraycopy(rows(nll, to - from), 0, out, from, to - from);
        }
      }
      return out;
    }
  }

  /** Mean of the final hidden states over each row's tokens: ids (B rows, any lengths) -> (B, C). */
  public float[][] meanPooled(int[][] ids) {
    int maxLen = 1;
    for (int[] r : ids) {
      maxLen = Math.max(maxLen, r.length);
    }
    int[][] padded = new int[ids.length][maxLen];
    float[][] mask = new float[ids.length][maxLen];
    for (int b = 0; b < ids.length; b++) {
      System.arraycopy(ids[b], 0, padded[b], 0, ids[b].length);
      java.util.Arrays.fill(mask[b], 0, ids[b].length, 1f);
    }
    try (NDManager step = manager.newSubManager()) {
      return rows(model.meanPooledHidden(step.create(padded), step.create(mask)), ids.length);
    }
  }

  @Override
  public DecodeSession openCached(int[] prompt, int rows) {
    // rows copies of one prompt: a batch without padding
    int[][] prompts = new int[rows][];
    java.util.Arrays.fill(prompts, prompt);
    return new PaddedSession(model, manager, prompts);
  }

  @Override
  public DecodeSession openBatch(int[][] prompts) {
    return new PaddedSession(model, manager, prompts);
  }

  @Override
  public void close() {
    manager.close();
  }

  /** (B, N) array -> B Java rows of N floats. */
  static float[][] rows(NDArray a, int b) {
    float[] flat = a.toFloatArray();
    int n = flat.length / b;
    float[][] out = new float[b][];
    for (int i = 0; i < b; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * n, (i + 1) * n);
    }
    return out;
  }
}

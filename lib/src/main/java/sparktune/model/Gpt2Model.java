package sparktune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * GPT-2 (LM head tied to {@code wte}) as a DJL block. Every parameter is registered directly on
 * this block under its Hugging Face name ({@code transformer.h.0.attn.c_attn.weight}, ...), so
 * {@code getParameters()} and {@link #namedParameters()} list exactly the checkpoint's names and
 * weights map one-to-one (Conv1D weights keep HF's (in, out) layout). Parameters are fp32 and live
 * in the manager given at construction.
 *
 * <p>Managers: every temporary of a forward pass is created in the manager of the input ids.
 * Callers put the ids in a scratch manager and close it after the step (after backward when
 * training), keeping only what they detach or copy out; otherwise each call leaks its activations.
 *
 * <p>Block interface: {@code forward(ps, [ids (B,T) int] or [ids, attentionMask (B,T)], training)}
 * returns {@code [logits (B,T,V)]}. The parameter store is not consulted: parameters are read
 * directly, which is what a single-device trainer needs.
 */
public final class Gpt2Model extends AbstractBlock {
  private final Gpt2Config config;
  private final Map<String, Parameter> named = new LinkedHashMap<>();
  private final Parameter wte;
  private final Parameter wpe;
  private final List<Gpt2Layer> layers = new ArrayList<>();
  private final Parameter lnfW;
  private final Parameter lnfB;

  /** A model with zero parameters in {@code manager}; fill with {@link #initWeights} or a checkpoint. */
  public Gpt2Model(Gpt2Config config, NDManager manager) {
    this.config = config;
    wte = param(manager, "transformer.wte.weight", new Shape(config.vocabSize(), config.nEmbd()));
    wpe = param(manager, "transformer.wpe.weight", new Shape(config.nPositions(), config.nEmbd()));
    for (int i = 0; i < config.nLayer(); i++) {
      String prefix = "transformer.h." + i + ".";
      layers.add(new Gpt2Layer(config, i, (suffix, shape) -> param(manager, prefix + suffix, shape)));
    }
    lnfW = param(manager, "transformer.ln_f.weight", new Shape(config.nEmbd()));
    lnfB = param(manager, "transformer.ln_f.bias", new Shape(config.nEmbd()));
  }

  public Gpt2Config config() {
    return config;
  }

  /** Hugging Face name -> parameter, in checkpoint order (embeddings, blocks, ln_f). */
  public Map<String, Parameter> namedParameters() {
    return Collections.unmodifiableMap(named);
  }

  /** Whether AdamW should decay this parameter: matrices yes; biases and LayerNorm weights no. */
  public static boolean decays(String hfName) {
    return hfName.endsWith(".weight") && !hfName.contains(".ln_");
  }

  /** Total parameter count (the tied LM head counted once). */
  public long parameterCount() {
    return named.values().stream().mapToLong(p -> p.getShape().size()).sum();
  }

  /**
   * GPT-2 initialisation from {@code seed}: matrices and embeddings N(0, 0.02), residual output
   * projections ({@code c_proj}) N(0, 0.02 / sqrt(2 n_layer)), biases 0, LayerNorm weights 1.
   */
  public void initWeights(long seed) {
    Random rnd = new Random(seed);
    double projStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      String n = e.getKey();
      float[] v = new float[Math.toIntExact(e.getValue().getShape().size())];
      if (n.contains(".ln_")) {
        Arrays.fill(v, n.endsWith(".weight") ? 1f : 0f);
      } else if (n.endsWith(".weight")) {
        double std = n.endsWith("c_proj.weight") ? projStd : 0.02;
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (rnd.nextGaussian() * std);
        }
      }
      e.getValue().getArray().set(FloatBuffer.wrap(v));
    }
  }

  /** Copies a tensor into the parameter of the same name; errors name the tensor and {@code source}. */
  public void setTensor(Tensor t, String source) {
    Parameter p = named.get(t.name());
    if (p == null) {
      throw new IllegalArgumentException("Unexpected tensor " + t.name() + " in " + source
          + " (not a GPT-2 parameter for this config)");
    }
    Shape expected = p.getShape();
    if (!Arrays.equals(expected.getShape(), t.shape())) {
      throw new IllegalArgumentException("Shape mismatch for " + t.name() + " in " + source + ": file has "
          + Arrays.toString(t.shape()) + ", config.json implies " + Arrays.toString(expected.getShape()));
    }
    p.getArray().set(FloatBuffer.wrap(t.data()));
  }

  /** Copies every parameter out as a fp32 tensor, in checkpoint order. */
  public List<Tensor> toTensors() {
    List<Tensor> out = new ArrayList<>();
    named.forEach((n, p) -> out.add(new Tensor(n, p.getShape().getShape(), p.getArray().toFloatArray())));
    return out;
  }

  /** An empty KV cache for this model, its arrays in a sub-manager of {@code parent}. */
  public KvCache newCache(NDManager parent) {
    return new KvCache(config.nLayer(), parent);
  }

  /** ids (B, T) int -> logits (B, T, V); dropout active when {@code training}. */
  public NDArray logits(NDArray ids, boolean training) {
    return lmHead(hidden(ids, null, null, training));
  }

  /**
   * Incremental forward for generation (no dropout): ids (B, T) are the new tokens at positions
   * T_past..T_past+T-1; the cache grows by T. {@code attentionMask} (B, T_past + T), 1 for real
   * tokens and 0 for padding, hides padded keys; null means no padding. Returns logits (B, T, V).
   */
  public NDArray logits(NDArray ids, KvCache cache, NDArray attentionMask) {
    return lmHead(hidden(ids, cache, attentionMask, null, false));
  }

  /**
   * Incremental forward for a batch of prompts of different lengths (left padding): as
   * {@link #logits(NDArray, KvCache, NDArray)}, but token b, t takes the position embedding of
   * {@code positionIds} (B, T) int instead of T_past + t, so a row padded on the left still counts
   * its real tokens from position 0. Causality stays by cache index; padded keys are hidden by the
   * attention mask. Returns logits (B, T, V).
   */
  public NDArray logits(NDArray ids, KvCache cache, NDArray attentionMask, NDArray positionIds) {
    return lmHead(hidden(ids, cache, attentionMask, positionIds, false));
  }

  /**
   * Final hidden states after {@code ln_f}: ids (B, T) -> (B, T, C). With a cache, positions
   * start at {@code cache.length()} and the cache is extended.
   */
  public NDArray hidden(NDArray ids, KvCache cache, NDArray attentionMask, boolean training) {
    return hidden(ids, cache, attentionMask, null, training);
  }

  /** {@link #hidden(NDArray, KvCache, NDArray, boolean)} with per-row position ids (B, T), or null for T_past + t. */
  private NDArray hidden(NDArray ids, KvCache cache, NDArray attentionMask, NDArray positionIds, boolean training) {
    NDManager m = ids.getManager();
    int T = Math.toIntExact(ids.getShape().get(1));
    int past = cache == null ? 0 : cache.length();
    if (past + T > config.nPositions()) {
      throw new IllegalArgumentException("Sequence of " + (past + T) + " positions exceeds n_positions "
          + config.nPositions());
    }
    NDArray pos = m.arange(past, past + T); // (T,)
    NDArray tok = Embedding.embedding(ids, wte.getArray(), SparseFormat.DENSE).singletonOrThrow(); // (B, T, C)
    NDArray x = tok.add(Embedding.embedding(positionIds == null ? pos : positionIds, wpe.getArray(), SparseFormat.DENSE)
        .singletonOrThrow()); // + (T, C), or (B, T, C) with per-row positions
    x = Dropout.dropout(x, (float) config.embdPdrop(), training).singletonOrThrow();

    // additive causal mask (T, Tk): query at past+i sees keys 0..past+i. Null (fused causal
    // attention in the layers) when there is no past, no padding and no attention dropout.
    DataType type = x.getDataType();
    boolean fusedAttention = past == 0 && attentionMask == null && !(training && config.attnPdrop() > 0);
    NDArray mask = fusedAttention ? null : Gpt2Layer.causalMask(m, past, T, type);
    if (attentionMask != null) {
      // padded keys get a large finite penalty, so an all-padding row stays finite (no NaN)
      long B = ids.getShape().get(0);
      float penalty = type == DataType.FLOAT16 ? 1e4f : 1e30f; // 1e30 is -inf in fp16
      NDArray pad = attentionMask.toType(type, false).sub(1).mul(penalty);
      mask = mask.add(pad.reshape(B, 1, 1, past + T)); // (B, 1, T, Tk)
    }
    for (Gpt2Layer layer : layers) {
      // Each layer's intermediates are freed when the layer is done: autograd keeps what the
      // backward pass needs by itself, and without a graph nothing but the output is needed.
      // Kept to the end, they would hold every activation of every layer at once.
      try (NDManager scope = m.newSubManager()) {
        x.attach(scope);
        NDArray out = layer.forward(x, mask, cache, training);
        out.attach(m);
        x = out;
      }
    }
    if (cache != null) {
      cache.advance(T);
    }
    return Gpt2Layer.layerNorm(x, lnfW, lnfB, config.nEmbd(), (float) config.layerNormEpsilon());
  }

  /**
   * Mean of the final hidden states over real tokens: ids (B, T), mask (B, T) of 1/0 (right
   * padding) -> (B, C). Rows with no real token give 0.
   */
  public NDArray meanPooledHidden(NDArray ids, NDArray mask) {
    NDArray h = hidden(ids, null, null, false); // (B, T, C)
    NDArray w = mask.toType(DataType.FLOAT32, false).expandDims(2); // (B, T, 1)
    NDArray sum = h.mul(w).sum(new int[] {1}); // (B, C)
    return sum.div(w.sum(new int[] {1}).maximum(1e-9f));
  }

  /** h (B, T, C) -> logits (B, T, V) = h . wte^T. */
  private NDArray lmHead(NDArray h) {
    NDArray wteT = wte.getArray().transpose();
    wteT.attach(h.getManager()); // a view of wte; it belongs to the step, not the parameters
    return h.matMul(wteT);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
    return new NDList(lmHead(hidden(inputs.get(0), null, mask, training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), config.vocabSize())};
  }

  private Parameter param(NDManager manager, String name, Shape shape) {
    Parameter.Type type = name.endsWith(".bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
    Parameter p = Parameter.builder().setName(name).setType(type).build();
    p.setArray(manager.zeros(shape)); // sets the shape too; loads then copy into this array
    addParameter(p);
    named.put(name, p);
    return p;
  }
}

package sparktune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.function.BiFunction;

/**
 * One pre-LN GPT-2 transformer block, {@code transformer.h.{i}}:
 * {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}. Holds references to its parameters,
 * which the owning {@link Gpt2Model} registers under their Hugging Face names. Every operation
 * takes an activation as its first operand, so temporaries land in the activations' (scratch)
 * manager and never in the parameters' manager.
 */
final class Gpt2Layer {
  private final int index;
  private final int nHead;
  private final int nEmbd;
  private final float eps;
  private final float attnPdrop;
  private final float residPdrop;
  private final Parameter ln1W, ln1B, attnW, attnB, attnProjW, attnProjB, ln2W, ln2B, fcW, fcB, mlpProjW, mlpProjB;

  /** {@code param.apply(suffix, shape)} creates and registers {@code transformer.h.{i}.suffix}. */
  Gpt2Layer(Gpt2Config c, int index, BiFunction<String, Shape, Parameter> param) {
    this.index = index;
    this.nHead = c.nHead();
    this.nEmbd = c.nEmbd();
    this.eps = (float) c.layerNormEpsilon();
    this.attnPdrop = (float) c.attnPdrop();
    this.residPdrop = (float) c.residPdrop();
    int C = c.nEmbd();
    // HF Conv1D layout: weight (in, out), y = x @ W + b
    ln1W = param.apply("ln_1.weight", new Shape(C));
    ln1B = param.apply("ln_1.bias", new Shape(C));
    attnW = param.apply("attn.c_attn.weight", new Shape(C, 3L * C));
    attnB = param.apply("attn.c_attn.bias", new Shape(3L * C));
    attnProjW = param.apply("attn.c_proj.weight", new Shape(C, C));
    attnProjB = param.apply("attn.c_proj.bias", new Shape(C));
    ln2W = param.apply("ln_2.weight", new Shape(C));
    ln2B = param.apply("ln_2.bias", new Shape(C));
    fcW = param.apply("mlp.c_fc.weight", new Shape(C, c.nInner()));
    fcB = param.apply("mlp.c_fc.bias", new Shape(c.nInner()));
    mlpProjW = param.apply("mlp.c_proj.weight", new Shape(c.nInner(), C));
    mlpProjB = param.apply("mlp.c_proj.bias", new Shape(C));
  }

  /**
   * x (B, T, C) -> (B, T, C). {@code mask} is additive, broadcastable to (B, nh, T, Tk) with
   * Tk = T_past + T; null means the plain causal mask over T = Tk (no past, no padding) and no
   * attention dropout, which runs as one fused attention kernel. With a cache, this layer's past
   * k, v are extended by the new tokens' k, v.
   */
  NDArray forward(NDArray x, NDArray mask, KvCache cache, boolean training) {
    long B = x.getShape().get(0);
    long T = x.getShape().get(1);
    int hs = nEmbd / nHead;

    NDList qkv = linear(layerNorm(x, ln1W, ln1B), attnW, attnB).split(3, 2); // 3 x (B, T, C)
    NDArray q = heads(qkv.get(0), B, T, hs); // (B, nh, T, hs)
    NDArray k = heads(qkv.get(1), B, T, hs);
    NDArray v = heads(qkv.get(2), B, T, hs);
    if (cache != null) {
      if (cache.key(index) != null) {
        k = cache.key(index).concat(k, 2); // (B, nh, T_past + T, hs)
        v = cache.value(index).concat(v, 2);
      }
      cache.update(index, k, v);
    }
    NDArray y;
    if (mask == null) {
      y = FusedOps.get().causalAttention(q, k, v); // (B, nh, T, hs), no (T, T) scores kept
    } else {
      q = q.mul(1.0 / Math.sqrt(hs)); // pre-scaled: half the size of att
      NDArray att = q.matMul(k.transpose(0, 1, 3, 2)); // (B, nh, T, Tk)
      att = att.add(mask).softmax(-1);
      att = Dropout.dropout(att, attnPdrop, training).singletonOrThrow();
      y = att.matMul(v); // (B, nh, T, hs)
    }
    y = y.transpose(0, 2, 1, 3).reshape(B, T, nEmbd); // re-assemble heads side by side
    x = x.add(Dropout.dropout(linear(y, attnProjW, attnProjB), residPdrop, training).singletonOrThrow());

    NDArray m = FusedOps.get().geluTanh(linear(layerNorm(x, ln2W, ln2B), fcW, fcB)); // (B, T, n_inner)
    return x.add(Dropout.dropout(linear(m, mlpProjW, mlpProjB), residPdrop, training).singletonOrThrow());
  }

  /**
   * Additive causal mask (T, past + T) of {@code type}: query past+i sees keys 0..past+i. It has
   * the activations' type: an fp32 mask would promote fp16 attention scores, and everything after
   * them, to fp32.
   */
  static NDArray causalMask(NDManager m, int past, long T, DataType type) {
    NDArray allowed = m.arange(past, past + (int) T).reshape(T, 1).gte(m.arange(0, past + (int) T).reshape(1, past + T));
    return NDArrays.where(allowed, m.zeros(allowed.getShape(), type), m.full(allowed.getShape(), Float.NEGATIVE_INFINITY, type));
  }

  NDArray layerNorm(NDArray x, Parameter w, Parameter b) {
    return layerNorm(x, w, b, nEmbd, eps);
  }

  static NDArray layerNorm(NDArray x, Parameter w, Parameter b, int C, float eps) {
    return LayerNorm.layerNorm(x, new Shape(C), w.getArray(), b.getArray(), eps).singletonOrThrow();
  }

  /**
   * HF Conv1D: x (..., in) @ W (in, out) + b (out), as one fused {@code addmm}: torch's linear
   * takes an (out, in) weight, and W's transpose is a view of the (in, out) storage, so nothing
   * is copied and the gradient lands on W in its own layout.
   */
  static NDArray linear(NDArray x, Parameter w, Parameter b) {
    NDArray wT = w.getArray().transpose(); // (out, in) view
    wT.attach(x.getManager()); // belongs to the step, not the parameters
    return x.getNDArrayInternal().linear(x, wT, b.getArray()).singletonOrThrow();
  }

  /**
   * GPT-2's GELU written with DJL's operations (the layer runs the fused kernel of
   * {@link FusedOps#geluTanh}), tanh form 0.5 x (1 + tanh(z)) with z = sqrt(2/pi) (x + 0.044715 x^3), written as
   * the identical x sigmoid(2z) = x sigmoid(x (a + b x^2)): 6 elementwise ops instead of 8, and no
   * cube ({@code pow} is a slow generic kernel).
   */
  static NDArray geluNew(NDArray x) {
    double a = 2 * Math.sqrt(2.0 / Math.PI);
    double b = a * 0.044715;
    return x.square().mul(b).add(a).mul(x).getNDArrayInternal().sigmoid().mul(x);
  }

  private NDArray heads(NDArray t, long B, long T, int hs) {
    return t.reshape(B, T, nHead, hs).transpose(0, 2, 1, 3);
  }
}

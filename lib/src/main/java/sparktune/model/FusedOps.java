package sparktune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fused libtorch kernels that DJL's PyTorch engine has no call for: the tanh GELU, causal
 * scaled-dot-product attention, the multi-tensor AdamW update, a multi-tensor norm and zeroing.
 * They are reached through {@code fused_ops.pt}, a TorchScript module without weights bundled
 * beside this class (written by {@code make_fused_ops.py}): libtorch compiles its source when it is
 * loaded, once per JVM, and each method calls one kernel. Differentiable methods run with autograd
 * (their results are attached to the first input's manager); the others run without.
 */
public final class FusedOps {
  private static final String RESOURCE = "/sparktune/model/fused_ops.pt";
  private static volatile FusedOps instance;

  private final NDManager manager;
  private final PtSymbolBlock module;
  /** One empty array per method, named so DJL's module call selects that method; never an input. */
  private final Map<String, NDArray> selectors = new ConcurrentHashMap<>();

  private FusedOps() {
    manager = NDManager.newBaseManager();
    try (InputStream in = FusedOps.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE + " on the classpath");
      }
      module = JniUtils.loadModule((PtNDManager) manager, in, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /** The JVM's instance, loaded on first use. */
  public static FusedOps get() {
    FusedOps ops = instance;
    if (ops == null) {
      synchronized (FusedOps.class) {
        ops = instance;
        if (ops == null) {
          ops = new FusedOps();
          instance = ops;
        }
      }
    }
    return ops;
  }

  /** GPT-2's tanh GELU, one kernel forward and one backward. */
  public NDArray geluTanh(NDArray x) {
    return differentiable("gelu_tanh", x);
  }

  /**
   * softmax(q k^T / sqrt(hs) with the causal mask) v, no dropout: q, k, v (B, nh, T, hs) with the
   * same T (query i sees keys 0..i). libtorch picks its fused kernel for the device and type.
   */
  public NDArray causalAttention(NDArray q, NDArray k, NDArray v) {
    return differentiable("causal_attention", q, k, v);
  }

  /**
   * One AdamW step of every tensor in {@code params}, in place: m = b1 m + (1 - b1) g,
   * v = b2 v + (1 - b2) g^2, p = p (1 - lr wd) - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),
   * with g = grad / gradDivisor. All float32, same shapes position by position.
   *
   * @param step a float32 scalar holding t, the 1-based update count
   * @param gradDivisor a float32 scalar the gradients are divided by first
   */
  public void adamw(List<NDArray> params, List<NDArray> grads, List<NDArray> m, List<NDArray> v, NDArray step,
      double lr, double beta1, double beta2, double weightDecay, double eps, NDArray gradDivisor) {
    NDArray[] steps = new NDArray[params.size()];
    java.util.Arrays.fill(steps, step);
    IValue[] args = {list(params), list(grads), list(m), list(v), list(List.of(steps)), IValue.from(lr),
        IValue.from(beta1), IValue.from(beta2), IValue.from(weightDecay), IValue.from(eps), IValue.from((PtNDArray) gradDivisor)};
    run("adamw", args).close();
  }

  /** The sum over {@code tensors} of their squared L2 norms, a float32 scalar in {@code manager}. */
  public NDArray sumOfSquares(List<NDArray> tensors, NDManager manager) {
    try (IValue out = run("sum_of_squares", list(tensors))) {
      return out.toTensor((PtNDManager) manager);
    }
  }

  /** Sets every tensor to zero in place. */
  public void zero(List<NDArray> tensors) {
    run("zero", list(tensors)).close();
  }

  private NDArray differentiable(String method, NDArray... inputs) {
    NDList in = new NDList(inputs);
    in.add(selectors.computeIfAbsent(method, name -> {
      NDArray s = manager.create(new float[0]);
      s.setName("module_method:" + name);
      return s;
    }));
    return IValueUtils.forward(module, in, true).singletonOrThrow();
  }

  /** Runs {@code method} without autograd and closes its arguments. */
  private IValue run(String method, IValue... args) {
    try {
      return IValueUtils.runMethod(module, method, args);
    } finally {
      for (IValue a : args) {
        a.close();
      }
    }
  }

  private static IValue list(List<NDArray> arrays) {
    return IValue.listFrom(arrays.stream().map(a -> (PtNDArray) a).toArray(PtNDArray[]::new));
  }
}

package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adafactor (Shazeer and Stern, 2018) without momentum and with the learning rate given (no relative
 * step). Per step t: rho_t = 1 - t^-0.8; G = g^2 + 1e-30; a parameter with 2 or more dimensions keeps
 * only row and column means of the second moment, R = rho R + (1-rho) mean_last(G) and
 * C = rho C + (1-rho) mean_second_last(G), and estimates V = (R / mean(R)) (x) C; a vector keeps
 * V = rho V + (1-rho) G. The update U = g / sqrt(V) is divided by max(1, RMS(U) / 1.0) (update
 * clipping) and applied as w -= lr_t U, where lr_t = lr, or lr max(1e-3, RMS(w)) with
 * {@code scaleParameter}. Decoupled weight decay w -= lr_t wd w applies to the parameters
 * {@link AdamW#decays} selects.
 */
public final class Adafactor extends PerParameterOptimizer {
  static final double DECAY_RATE = -0.8;
  static final double EPS1 = 1e-30;
  static final double EPS2 = 1e-3;
  static final double CLIP_THRESHOLD = 1.0;

  private final boolean scaleParameter;
  private final double weightDecay;
  /** Factored parameters: row means, shape (..., rows). */
  private final Map<String, NDArray> row = new LinkedHashMap<>();
  /** Factored parameters: column means, shape (..., cols). */
  private final Map<String, NDArray> col = new LinkedHashMap<>();
  /** Vectors and scalars: the full second moment. */
  private final Map<String, NDArray> full = new LinkedHashMap<>();

  /**
   * @param scaleParameter scale lr by max(1e-3, RMS of the parameter) (Hugging Face's scale_parameter)
   * @param weightDecay decoupled weight decay per unit of lr
   */
  public Adafactor(Map<String, Parameter> params, boolean scaleParameter, double weightDecay, NDManager parent) {
    super(params, parent);
    this.scaleParameter = scaleParameter;
    this.weightDecay = weightDecay;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray w = e.getValue().getArray();
      long[] shape = w.getShape().getShape();
      if (shape.length >= 2) {
        long[] r = java.util.Arrays.copyOf(shape, shape.length - 1);
        long[] c = shape.clone();
        c = concat(java.util.Arrays.copyOf(c, c.length - 2), c[c.length - 1]);
        row.put(e.getKey(), state.zeros(new Shape(r), DataType.FLOAT32));
        col.put(e.getKey(), state.zeros(new Shape(c), DataType.FLOAT32));
      } else {
        full.put(e.getKey(), state.zeros(w.getShape(), DataType.FLOAT32));
      }
    }
  }

  private static long[] concat(long[] head, long last) {
    long[] out = java.util.Arrays.copyOf(head, head.length + 1);
    out[head.length] = last;
    return out;
  }

  @Override
  void update(String name, NDArray w, NDArray weights, double lr, double gradMultiplier, NDManager scratch) {
    double rho = 1.0 - Math.pow(updates(), DECAY_RATE);
    List<NDArray> borrowed = new ArrayList<>();
    for (Map<String, NDArray> m : List.of(row, col, full)) {
      if (m.containsKey(name)) {
        borrowed.add(m.get(name));
      }
    }
    StepArrays.borrow(scratch, borrowed);
    NDArray g = StepArrays.gradient32(w, scratch);
    if (gradMultiplier != 1.0) {
      g = g.mul(gradMultiplier);
    }
    NDArray sq = g.square().addi(EPS1);
    NDArray update;
    int dims = w.getShape().dimension();
    if (dims >= 2) {
      NDArray r = row.get(name);
      NDArray c = col.get(name);
      r.muli(rho).addi(sq.mean(new int[] {dims - 1}).muli(1 - rho));
      c.muli(rho).addi(sq.mean(new int[] {dims - 2}).muli(1 - rho));
      // 1/sqrt(V) = rsqrt(R / mean(R)) (column) x rsqrt(C) (row): shapes (..., rows, 1) x (..., 1, cols).
      NDArray rFactor = r.div(r.mean(new int[] {dims - 2}, true)).pow(-0.5).expandDims(dims - 1);
      NDArray cFactor = c.pow(-0.5).expandDims(dims - 2);
      update = rFactor.mul(cFactor).muli(g);
    } else {
      NDArray v = full.get(name);
      v.muli(rho).addi(sq.muli(1 - rho));
      update = v.pow(-0.5).muli(g);
    }
    double rms = Math.sqrt(update.square().mean().getFloat());
    double step = lr;
    if (scaleParameter) {
      step *= Math.max(EPS2, Math.sqrt(weights.square().mean().getFloat()));
    }
    update.muli(step / Math.max(1.0, rms / CLIP_THRESHOLD));
    if (weightDecay > 0 && AdamW.decays(name, w.getShape())) {
      weights.muli(1 - step * weightDecay);
    }
    weights.subi(update);
  }

  /** exp_avg_sq_row.NAME and exp_avg_sq_col.NAME (matrices), exp_avg_sq.NAME (vectors). */
  @Override
  void exportParameter(String name, Map<String, TensorFile.Tensor> out) {
    if (row.containsKey(name)) {
      out.put("exp_avg_sq_row." + name, TensorFile.Tensor.of(row.get(name)));
      out.put("exp_avg_sq_col." + name, TensorFile.Tensor.of(col.get(name)));
    } else {
      out.put("exp_avg_sq." + name, TensorFile.Tensor.of(full.get(name)));
    }
  }

  @Override
  void importParameter(String name, Map<String, TensorFile.Tensor> tensors) {
    if (row.containsKey(name)) {
      TensorFile.Tensor.loadInto(row.get(name), tensors, "exp_avg_sq_row." + name);
      TensorFile.Tensor.loadInto(col.get(name), tensors, "exp_avg_sq_col." + name);
    } else {
      TensorFile.Tensor.loadInto(full.get(name), tensors, "exp_avg_sq." + name);
    }
  }
}

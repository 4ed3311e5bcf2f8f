package sparktune.model;

import java.util.Arrays;

/**
 * One named fp32 tensor in row-major order, as read from or written to a checkpoint.
 *
 * @param name tensor name, e.g. {@code transformer.h.0.attn.c_attn.weight}
 * @param shape dimensions, outermost first
 * @param data {@code product(shape)} values, row-major
 */
public record Tensor(String name, long[] shape, float[] data) {
  public Tensor {
    if (numel(shape) != data.length) {
      throw new IllegalArgumentException(
          "Tensor " + name + ": shape " + Arrays.toString(shape) + " needs " + numel(shape) + " values, got " + data.length);
    }
  }

  /** Number of elements of a shape (1 for a scalar). */
  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}

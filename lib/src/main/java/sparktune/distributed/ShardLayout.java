package sparktune.distributed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.train.TensorFile;

/**
 * The model's parameters laid end to end in name order (P values) and cut into K contiguous
 * shards of about P / K values: shard k is {@code [k * P / K, (k + 1) * P / K)}. Deltas, global
 * weights and the outer momentum travel and are stored per shard, so shard k of every worker's
 * delta can be summed, and its outer step applied, by one task.
 *
 * @param names parameter names in model order
 * @param shapes their shapes
 * @param shards K
 */
public record ShardLayout(List<String> names, List<long[]> shapes, int shards) implements Serializable {

  /** The layout of the given tensors (in their iteration order), in {@code shards} shards. */
  public static ShardLayout of(Map<String, TensorFile.Tensor> tensors, int shards) {
    List<String> names = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    tensors.forEach((k, v) -> {
      names.add(k);
      shapes.add(v.shape());
    });
    return new ShardLayout(List.copyOf(names), List.copyOf(shapes), shards);
  }

  /** P: values in all parameters. */
  public long size() {
    long n = 0;
    for (long[] s : shapes) {
      n += count(s);
    }
    return n;
  }

  /** First value (inclusive) of shard k in the flat order. */
  public long start(int k) {
    return size() * k / shards;
  }

  /** Values in shard k. */
  public int length(int k) {
    return Math.toIntExact(start(k + 1) - start(k));
  }

  /** Shard k of {@code values} (by name) as one flat array. */
  public float[] gather(Map<String, float[]> values, int k) {
    float[] out = new float[length(k)];
    copy(k, (tensor, at, shardAt, n) -> System.arraycopy(values.get(tensor), at, out, shardAt, n));
    return out;
  }

  /** Writes shard k's {@code values} into the named arrays. */
  public void scatter(float[] shard, int k, Map<String, float[]> into) {
    copy(k, (tensor, at, shardAt, n) -> System.arraycopy(shard, shardAt, into.get(tensor), at, n));
  }

  /** Full tensors (with shapes) from all K shards. */
  public Map<String, TensorFile.Tensor> assemble(List<float[]> shardValues) {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      float[] v = new float[Math.toIntExact(count(shapes.get(i)))];
      values.put(names.get(i), v);
      out.put(names.get(i), new TensorFile.Tensor(shapes.get(i), v));
    }
    for (int k = 0; k < shards; k++) {
      if (shardValues.get(k).length != length(k)) {
        throw new IllegalArgumentException("Shard " + k + " has " + shardValues.get(k).length + " values, expected " + length(k));
      }
      scatter(shardValues.get(k), k, values);
    }
    return out;
  }

  private interface Span {
    void copy(String tensor, int at, int shardAt, int n);
  }

  /** Calls {@code span} for each piece of a tensor that falls into shard k. */
  private void copy(int k, Span span) {
    long from = start(k);
    long to = start(k + 1);
    long offset = 0;
    for (int i = 0; i < names.size() && offset < to; i++) {
      long n = count(shapes.get(i));
      long lo = Math.max(from, offset);
      long hi = Math.min(to, offset + n);
      if (lo < hi) {
        span.copy(names.get(i), (int) (lo - offset), (int) (lo - from), (int) (hi - lo));
      }
      offset += n;
    }
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}

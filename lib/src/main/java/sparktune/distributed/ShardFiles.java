package sparktune.distributed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import sparktune.train.TensorFile;

/**
 * The per-shard files of a round folder ({@link ShardLayout}: shard k of N):
 * <pre>
 * global-k.safetensors     fp32 global weights, shard k (written by the task that reduced shard k)
 * momentum-k.safetensors   fp32 outer momentum, shard k (nesterov)
 * delta-w-k.safetensors    worker w's delta, shard k, in train.delta-dtype ({@link DeltaFile})
 * update-k.safetensors     the outer step's change of global shard k, in train.delta-dtype
 * inner-w.safetensors      worker w's inner optimizer state (checkpoint rounds)
 * </pre>
 * Each file holds one flat tensor named {@code values}.
 */
public final class ShardFiles {
  static final String VALUES = "values";

  private ShardFiles() {}

  public static String globalPath(String dir, int k) {
    return dir + "/global-" + k + ".safetensors";
  }

  public static String momentumPath(String dir, int k) {
    return dir + "/momentum-" + k + ".safetensors";
  }

  public static String deltaPath(String dir, int worker, int k) {
    return dir + "/delta-" + worker + "-" + k + ".safetensors";
  }

  public static String updatePath(String dir, int k) {
    return dir + "/update-" + k + ".safetensors";
  }

  public static String innerPath(String dir, int worker) {
    return dir + "/inner-" + worker + ".safetensors";
  }

  /** One flat fp32 tensor; returns the file's size in bytes. */
  static long writeValues(Configuration conf, String path, float[] values) throws IOException {
    TensorFiles.write(conf, path, Map.of(VALUES, new TensorFile.Tensor(new long[] {values.length}, values)));
    return size(conf, path);
  }

  static float[] readValues(Configuration conf, String path) throws IOException {
    TensorFile.Tensor t = TensorFiles.read(conf, path).get(VALUES);
    if (t == null) {
      throw new IOException(path + " has no tensor '" + VALUES + "'");
    }
    return t.values();
  }

  static long size(Configuration conf, String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).getFileStatus(p).getLen();
  }

  static boolean exists(Configuration conf, String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).exists(p);
  }

  /** The global weights of {@code dir}, all shards put together. */
  public static Map<String, TensorFile.Tensor> readGlobal(Configuration conf, String dir, ShardLayout layout) throws IOException {
    List<float[]> shards = new ArrayList<>();
    for (int k = 0; k < layout.shards(); k++) {
      shards.add(readValues(conf, globalPath(dir, k)));
    }
    return layout.assemble(shards);
  }

  /** Writes every shard of the global weights into {@code dir}; returns the bytes written. */
  public static long writeGlobal(Configuration conf, String dir, ShardLayout layout, Map<String, TensorFile.Tensor> global) throws IOException {
    Map<String, float[]> values = TensorFiles.values(global);
    long bytes = 0;
    for (int k = 0; k < layout.shards(); k++) {
      bytes += writeValues(conf, globalPath(dir, k), layout.gather(values, k));
    }
    return bytes;
  }

  /** The outer momentum of {@code dir} by tensor name, or an empty map when it has none (average, or zero so far). */
  public static Map<String, float[]> readMomentum(Configuration conf, String dir, ShardLayout layout) throws IOException {
    if (!exists(conf, momentumPath(dir, 0))) {
      return Map.of();
    }
    List<float[]> shards = new ArrayList<>();
    for (int k = 0; k < layout.shards(); k++) {
      shards.add(readValues(conf, momentumPath(dir, k)));
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    layout.assemble(shards).forEach((name, t) -> out.put(name, t.values()));
    return out;
  }

  /** Writes the momentum's shards into {@code dir} (nothing for an empty momentum). */
  public static void writeMomentum(Configuration conf, String dir, ShardLayout layout, Map<String, float[]> momentum) throws IOException {
    if (momentum.isEmpty()) {
      return;
    }
    for (int k = 0; k < layout.shards(); k++) {
      writeValues(conf, momentumPath(dir, k), layout.gather(momentum, k));
    }
  }
}

package sparktune.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.model.SafetensorsDtype;
import sparktune.model.SafetensorsReader;
import sparktune.model.SafetensorsWriter;

/**
 * Float32 tensor state as safetensors files (the optimizers' moments, the loss scaler, round state),
 * through the model package's safetensors codec.
 */
public final class TensorFile {
  /** A float32 tensor: row-major values and shape. */
  public record Tensor(long[] shape, float[] values) {
    /** A float32 copy of an array, for saving optimizer state. */
    public static Tensor of(ai.djl.ndarray.NDArray a) {
      return new Tensor(a.getShape().getShape(), a.toFloatArray());
    }

    /**
     * Copies {@code tensors[key]} into {@code target}; a missing or mis-sized tensor is an error
     * that names the key (for example a checkpoint written by another train.optimizer).
     */
    public static void loadInto(ai.djl.ndarray.NDArray target, Map<String, Tensor> tensors, String key) {
      Tensor t = tensors.get(key);
      if (t == null || t.values().length != target.size()) {
        throw new IllegalArgumentException("Optimizer state has no tensor " + key + " of shape " + target.getShape()
            + " (a checkpoint of another train.optimizer?)");
      }
      target.set(t.values());
    }
  }

  private TensorFile() {}

  /** Writes float32 tensors, in map order, with string metadata. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    List<sparktune.model.Tensor> named = new ArrayList<>(tensors.size());
    tensors.forEach((name, t) -> named.add(new sparktune.model.Tensor(name, t.shape(), t.values())));
    try (OutputStream out = Files.newOutputStream(file)) {
      SafetensorsWriter.write(out, named, SafetensorsDtype.F32, metadata);
    }
  }

  /** Reads every tensor of a safetensors file, in file order; each must be F32 (the state is never stored rounded). */
  public static Map<String, Tensor> read(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      for (SafetensorsReader.Entry e : r.entries()) {
        if (e.dtype() != SafetensorsDtype.F32) {
          throw new IOException("Tensor " + e.name() + " in " + file + " is " + e.dtype() + " (expected F32)");
        }
      }
      r.forEach(t -> out.put(t.name(), new Tensor(t.shape(), t.data())));
    }
    return out;
  }
}

package sparktune.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import sparktune.train.LanguageModel;
import sparktune.train.TensorFile;

/**
 * Named fp32 tensors (safetensors via {@link TensorFile}) on any Hadoop file system, written
 * atomically: to a temporary name beside the target, then renamed, so a reader never sees half a
 * file. Local paths are read and written directly; other file systems through a local temp file. Also copies tensors out of and into a model's parameters.
 */
public final class TensorFiles {
  private TensorFiles() {}

  public static void write(Configuration conf, String path, Map<String, TensorFile.Tensor> tensors) throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = target.getFileSystem(conf);
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID());
    fs.mkdirs(target.getParent());
    if (fs instanceof LocalFileSystem lfs) {
      // Local disk: write beside the target and rename, without Hadoop's copy and .crc files.
      Path file = lfs.pathToFile(target).toPath();
      Path part = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID());
      try {
        TensorFile.write(part, tensors, Map.of("format", "pt"));
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(part);
      }
      return;
    }
    Path local = Files.createTempFile("sparktune-tensors-", ".safetensors");
    try {
      TensorFile.write(local, tensors, Map.of("format", "pt"));
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("Cannot rename " + tmp + " to " + target);
      }
    } finally {
      Files.deleteIfExists(local);
      fs.delete(tmp, false);
    }
  }

  public static Map<String, TensorFile.Tensor> read(Configuration conf, String path) throws IOException {
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = source.getFileSystem(conf);
    if (fs instanceof LocalFileSystem lfs) {
      return TensorFile.read(lfs.pathToFile(source).toPath());
    }
    Path local = Files.createTempFile("sparktune-tensors-", ".safetensors");
    try {
      fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
      return TensorFile.read(local);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  /** The model's parameters as tensors, by Hugging Face name. */
  public static Map<String, TensorFile.Tensor> export(LanguageModel model) {
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    model.parameters().forEach((name, p) -> out.put(name, new TensorFile.Tensor(p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
    return out;
  }

  /** Overwrites every parameter of the model; names and sizes must match. */
  public static void load(LanguageModel model, Map<String, TensorFile.Tensor> tensors, String source) {
    model.parameters().forEach((name, p) -> {
      TensorFile.Tensor t = tensors.get(name);
      if (t == null || t.values().length != p.getArray().size()) {
        throw new IllegalArgumentException(source + " has no tensor " + name + " of shape " + p.getArray().getShape());
      }
      p.getArray().set(t.values());
    });
  }

  /** Just the values, by name (what the outer optimizer works on). */
  public static Map<String, float[]> values(Map<String, TensorFile.Tensor> tensors) {
    Map<String, float[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> out.put(k, v.values()));
    return out;
  }

  /** Tensors with the shapes of {@code like} and the given values. */
  public static Map<String, TensorFile.Tensor> withShapes(Map<String, TensorFile.Tensor> like, Map<String, float[]> values) {
    Map<String, TensorFile.Tensor> out = new LinkedHashMap<>();
    like.forEach((k, v) -> out.put(k, new TensorFile.Tensor(v.shape(), values.get(k))));
    return out;
  }

  /** A Hadoop configuration from plain entries (what tasks receive from the driver). */
  public static Configuration conf(Map<String, String> entries) {
    Configuration c = new Configuration(false);
    entries.forEach(c::set);
    return c;
  }

  /** A configuration's entries, to ship to tasks. */
  public static Map<String, String> entries(Configuration conf) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : conf) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}

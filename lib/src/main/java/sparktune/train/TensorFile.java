package sparktune.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal safetensors reader/writer for float32 tensors (the trainer's optimizer moments).
 * Layout: u64 little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
 * then the raw little-endian data.
 */
public final class TensorFile {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long bytes = 4L * e.getValue().values().length;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] head = JSON.writeValueAsBytes(header);
    int pad = (8 - head.length % 8) % 8;
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length + pad);
      out.write(len.array());
      out.write(head);
      for (int i = 0; i < pad; i++) {
        out.write(' ');
      }
      for (Tensor t : tensors.values()) {
        ByteBuffer buf = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(t.values());
        out.write(buf.array());
      }
    }
  }

  /** Reads every F32 tensor of a safetensors file, in file order. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    long headLen = buf.getLong(0);
    if (headLen < 2 || headLen > all.length - 8) {
      throw new IOException("Not a safetensors file: " + file);
    }
    JsonNode header = JSON.readTree(new String(all, 8, (int) headLen, java.nio.charset.StandardCharsets.UTF_8));
    int base = 8 + (int) headLen;
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode t = e.getValue();
      if (!t.get("dtype").asText().equals("F32")) {
        throw new IOException("Tensor " + e.getKey() + " in " + file + " is " + t.get("dtype").asText() + " (expected F32)");
      }
      long[] shape = new long[t.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = t.get("shape").get(i).asLong();
      }
      int start = t.get("data_offsets").get(0).asInt();
      int end = t.get("data_offsets").get(1).asInt();
      float[] values = new float[(end - start) / 4];
      ByteBuffer.wrap(all, base + start, end - start).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      out.put(e.getKey(), new Tensor(shape, values));
    }
    return out;
  }
}

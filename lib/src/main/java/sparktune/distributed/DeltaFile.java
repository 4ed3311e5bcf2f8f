package sparktune.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparktune.train.TensorFile;

/**
 * A delta or an outer update shard on the wire and on storage in {@code train.delta-dtype}, as a safetensors file:
 * <pre>
 * fp32   F32 tensors, exact
 * bf16   BF16 tensors: the top 16 bits of each fp32 value, rounded to nearest even (2 bytes a value)
 * int8   I8 tensors plus F32 {@code NAME.scales}: one scale max|v| / 127 per chunk of 1024 values,
 *        each value round(v / scale) (1 byte a value + 4 bytes a chunk)
 * </pre>
 * Encoding is done in Java (DJL's bf16 tensors abort the JVM). Reading decodes to fp32, where the
 * reducing task accumulates; {@link #roundTrip} gives the same decoded values without a file (for the
 * shard a task keeps in memory). Written atomically (temporary name, then rename).
 */
public final class DeltaFile {
  /** {@code train.delta-dtype} values. */
  public static final java.util.Set<String> DTYPES = java.util.Set.of("fp32", "bf16", "int8");
  /** Values per int8 scale. */
  public static final int CHUNK = 1024;
  private static final String SCALES = ".scales";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaFile() {}

  /** Bytes per value on the wire (int8 without its per-chunk scales). */
  public static int wireBytes(String dtype) {
    return switch (dtype) {
      case "fp32" -> 4;
      case "bf16" -> 2;
      case "int8" -> 1;
      default -> throw new IllegalArgumentException("Unknown delta dtype " + dtype + " (expected fp32, bf16 or int8)");
    };
  }

  /** Writes {@code delta} (shapes from the tensors) in {@code dtype}; returns the bytes written. */
  public static long write(Configuration conf, String path, Map<String, TensorFile.Tensor> delta, String dtype) throws IOException {
    wireBytes(dtype);
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt").put("delta_dtype", dtype);
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, TensorFile.Tensor> e : delta.entrySet()) {
      float[] v = e.getValue().values();
      if (dtype.equals("int8")) {
        float[] scales = new float[(v.length + CHUNK - 1) / CHUNK];
        byte[] q = int8(v, scales);
        offset = entry(header, blobs, e.getKey(), "I8", e.getValue().shape(), q, offset);
        offset = entry(header, blobs, e.getKey() + SCALES, "F32", new long[] {scales.length}, f32(scales), offset);
      } else {
        byte[] bytes = dtype.equals("bf16") ? bf16(v) : f32(v);
        offset = entry(header, blobs, e.getKey(), dtype.equals("bf16") ? "BF16" : "F32", e.getValue().shape(), bytes, offset);
      }
    }
    byte[] head = JSON.writeValueAsBytes(header);
    int pad = (8 - head.length % 8) % 8;
    Path target = new Path(path);
    FileSystem fs = target.getFileSystem(conf);
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length + pad).array());
        out.write(head);
        for (int i = 0; i < pad; i++) {
          out.write(' ');
        }
        for (byte[] b : blobs.values()) {
          out.write(b);
        }
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("Cannot rename " + tmp + " to " + target);
      }
    } finally {
      fs.delete(tmp, false);
    }
    return 8L + head.length + pad + offset;
  }

  private static long entry(ObjectNode header, Map<String, byte[]> blobs, String name, String dtype, long[] shape, byte[] data, long offset) {
    ObjectNode t = header.putObject(name);
    t.put("dtype", dtype);
    var s = t.putArray("shape");
    for (long d : shape) {
      s.add(d);
    }
    t.putArray("data_offsets").add(offset).add(offset + data.length);
    blobs.put(name, data);
    return offset + data.length;
  }

  /** Reads a delta file written by {@link #write}, decoded to fp32, by tensor name. */
  public static Map<String, float[]> read(Configuration conf, String path) throws IOException {
    Path source = new Path(path);
    byte[] all;
    try (InputStream in = source.getFileSystem(conf).open(source)) {
      all = in.readAllBytes();
    }
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    long headLen = all.length < 8 ? -1 : buf.getLong(0);
    if (headLen < 2 || headLen > all.length - 8) {
      throw new IOException("Not a safetensors file: " + path);
    }
    JsonNode header = JSON.readTree(new String(all, 8, (int) headLen, StandardCharsets.UTF_8));
    int base = 8 + (int) headLen;
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (name.equals("__metadata__") || name.endsWith(SCALES)) {
        continue;
      }
      JsonNode t = e.getValue();
      int start = base + t.get("data_offsets").get(0).asInt();
      int end = base + t.get("data_offsets").get(1).asInt();
      String dtype = t.get("dtype").asText();
      float[] v;
      switch (dtype) {
        case "F32" -> {
          v = new float[(end - start) / 4];
          ByteBuffer.wrap(all, start, end - start).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        }
        case "BF16" -> {
          v = new float[(end - start) / 2];
          for (int i = 0; i < v.length; i++) {
            v[i] = fromBf16((short) ((all[start + 2 * i] & 0xff) | (all[start + 2 * i + 1] << 8)));
          }
        }
        case "I8" -> {
          JsonNode s = header.get(name + SCALES);
          if (s == null) {
            throw new IOException("Tensor " + name + " in " + path + " is I8 but has no " + name + SCALES);
          }
          int sStart = base + s.get("data_offsets").get(0).asInt();
          float[] scales = new float[(base + s.get("data_offsets").get(1).asInt() - sStart) / 4];
          ByteBuffer.wrap(all, sStart, scales.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(scales);
          v = new float[end - start];
          for (int i = 0; i < v.length; i++) {
            v[i] = all[start + i] * scales[i / CHUNK];
          }
        }
        default -> throw new IOException("Tensor " + name + " in " + path + " is " + dtype + " (expected F32, BF16 or I8)");
      }
      out.put(name, v);
    }
    return out;
  }

  /** The values {@link #read} returns for {@code v} written by {@link #write} in {@code dtype}, computed in memory. */
  public static float[] roundTrip(float[] v, String dtype) {
    float[] out = new float[v.length];
    switch (dtype) {
      case "fp32" -> System.arraycopy(v, 0, out, 0, v.length);
      case "bf16" -> {
        for (int i = 0; i < v.length; i++) {
          out[i] = fromBf16(toBf16(v[i]));
        }
      }
      case "int8" -> {
        float[] scales = new float[(v.length + CHUNK - 1) / CHUNK];
        byte[] q = int8(v, scales);
        for (int i = 0; i < v.length; i++) {
          out[i] = q[i] * scales[i / CHUNK];
        }
      }
      default -> throw new IllegalArgumentException("Unknown delta dtype " + dtype + " (expected fp32, bf16 or int8)");
    }
    return out;
  }

  /** fp32 -> bf16 bits: the top 16 bits, rounded to nearest even; NaN stays NaN. */
  static short toBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /** bf16 bits -> fp32 (exact). */
  static float fromBf16(short b) {
    return Float.intBitsToFloat((b & 0xffff) << 16);
  }

  private static byte[] bf16(float[] v) {
    byte[] out = new byte[2 * v.length];
    for (int i = 0; i < v.length; i++) {
      short b = toBf16(v[i]);
      out[2 * i] = (byte) b;
      out[2 * i + 1] = (byte) (b >>> 8);
    }
    return out;
  }

  private static byte[] f32(float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(v);
    return buf.array();
  }

  /** Quantizes v chunk by chunk: scale = max|v| / 127 (0 for an all-zero chunk), q = round(v / scale). */
  static byte[] int8(float[] v, float[] scales) {
    byte[] q = new byte[v.length];
    for (int c = 0; c < scales.length; c++) {
      int from = c * CHUNK;
      int to = Math.min(v.length, from + CHUNK);
      float max = 0;
      for (int i = from; i < to; i++) {
        max = Math.max(max, Math.abs(v[i]));
      }
      float scale = max / 127f;
      scales[c] = scale;
      for (int i = from; i < to; i++) {
        q[i] = scale == 0 ? 0 : (byte) Math.max(-127, Math.min(127, Math.round(v[i] / scale)));
      }
    }
    return q;
  }
}

package sparktune.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Writes tensors as a safetensors file in F32 (exact) or F16 (round to nearest even). Tensors are
 * laid out in the given order; the header is space-padded to a multiple of 8 bytes, as the
 * reference implementation does, so the data section stays aligned.
 */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /** Writes {@code tensors} to {@code out} (not closed) with optional string {@code metadata}. */
  public static void write(OutputStream out, Collection<Tensor> tensors, SafetensorsDtype dtype, Map<String, String> metadata)
      throws IOException {
    if (dtype == SafetensorsDtype.BF16) {
      throw new IllegalArgumentException("Writing BF16 is not supported (DJL's PyTorch engine cannot use bf16): use F32 or F16");
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", dtype.name());
      ArrayNode shape = e.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      long bytes = (long) t.data().length * dtype.size;
      e.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (headerBytes.length + 7) / 8 * 8;
    BufferedOutputStream bout = new BufferedOutputStream(out, 1 << 20);
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    bout.write(len.array());
    bout.write(headerBytes);
    for (int i = headerBytes.length; i < padded; i++) {
      bout.write(' ');
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : tensors) {
      for (float v : t.data()) {
        if (buf.remaining() < 4) {
          bout.write(buf.array(), 0, buf.position());
          buf.clear();
        }
        if (dtype == SafetensorsDtype.F32) {
          buf.putFloat(v);
        } else {
          buf.putShort(SafetensorsDtype.floatToHalf(v));
        }
      }
    }
    bout.write(buf.array(), 0, buf.position());
    bout.flush();
  }
}

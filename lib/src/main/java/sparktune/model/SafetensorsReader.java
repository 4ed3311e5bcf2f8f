package sparktune.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a safetensors file: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the raw
 * little-endian tensor bytes (offsets relative to the end of the header). The header is read and
 * validated on construction; {@link #forEach} then reads tensors in file order, one at a time, so a
 * model far larger than the heap's spare room can be loaded tensor by tensor. F16 and BF16 are
 * converted to fp32. Nothing is ever unpickled.
 */
public final class SafetensorsReader implements Closeable {
  /** Header limit; real headers are kilobytes, a larger value means a corrupt or foreign file. */
  static final long MAX_HEADER_BYTES = 100L << 20;

  /** One header entry; {@code begin}/{@code end} are byte offsets into the data section. */
  public record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {}

  private final InputStream in;
  private final String source;
  private final List<Entry> entries;
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /** Reads and validates the header of {@code in}; {@code source} names the file in errors. */
  public SafetensorsReader(InputStream in, String source) throws IOException {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 20);
    this.source = source;
    byte[] lenBytes = readFully(8, "header length");
    long headerLen = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
      throw new IOException("Invalid safetensors header length " + headerLen + " in " + source
          + " (expected 1.." + MAX_HEADER_BYTES + "; is this a safetensors file?)");
    }
    String json = new String(readFully((int) headerLen, "header"), StandardCharsets.UTF_8);
    this.entries = parseHeader(json);
  }

  /** Opens a local file. */
  public static SafetensorsReader open(Path file) throws IOException {
    return new SafetensorsReader(Files.newInputStream(file), file.toString());
  }

  /** Reads every tensor of a local file into memory, in file order. */
  public static Map<String, Tensor> readAll(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (SafetensorsReader r = open(file)) {
      r.forEach(t -> out.put(t.name(), t));
    }
    return out;
  }

  /** Header entries sorted by data offset. */
  public List<Entry> entries() {
    return entries;
  }

  /** The {@code __metadata__} string map (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Reads the data section, handing each tensor (as fp32) to {@code sink} in file order. */
  public void forEach(Consumer<Tensor> sink) throws IOException {
    long pos = 0;
    for (Entry e : entries) {
      skipFully(e.begin() - pos, e);
      long bytes = e.end() - e.begin();
      if (bytes / e.dtype().size > Integer.MAX_VALUE - 8) {
        throw new IOException("Tensor " + e.name() + " in " + source + " is too large for one Java array");
      }
      float[] data = new float[(int) (bytes / e.dtype().size)];
      byte[] chunk = new byte[(int) Math.min(bytes, 1 << 20)];
      int filled = 0;
      long remaining = bytes;
      while (remaining > 0) {
        int n = (int) Math.min(remaining, chunk.length);
        readInto(chunk, n, e);
        ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n).order(ByteOrder.LITTLE_ENDIAN);
        switch (e.dtype()) {
          case F32 -> { while (buf.hasRemaining()) { data[filled++] = buf.getFloat(); } }
          case F16 -> { while (buf.hasRemaining()) { data[filled++] = SafetensorsDtype.halfToFloat(buf.getShort()); } }
          case BF16 -> { while (buf.hasRemaining()) { data[filled++] = SafetensorsDtype.bf16ToFloat(buf.getShort()); } }
        }
        remaining -= n;
      }
      pos = e.end();
      sink.accept(new Tensor(e.name(), e.shape(), data));
    }
  }

  private List<Entry> parseHeader(String json) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException ex) {
      throw new IOException("Invalid safetensors JSON header in " + source + ": " + ex.getOriginalMessage(), ex);
    }
    if (root == null || !root.isObject()) {
      throw new IOException("Invalid safetensors header in " + source + ": expected a JSON object");
    }
    List<Entry> list = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if ("__metadata__".equals(f.getKey())) {
        f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      list.add(parseEntry(f.getKey(), f.getValue()));
    }
    list.sort(Comparator.comparingLong(Entry::begin));
    long prevEnd = 0;
    String prevName = null;
    for (Entry e : list) {
      if (e.begin() < prevEnd) {
        throw new IOException("Tensor " + e.name() + " in " + source + " overlaps " + prevName
            + " (data_offsets begin " + e.begin() + " < " + prevEnd + ")");
      }
      prevEnd = e.end();
      prevName = e.name();
    }
    return List.copyOf(list);
  }

  private Entry parseEntry(String name, JsonNode node) throws IOException {
    String where = "tensor " + name + " in " + source;
    JsonNode dtype = node.get("dtype");
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtype == null || shape == null || !shape.isArray() || offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw new IOException("Invalid header entry for " + where + ": expected {dtype, shape: [...], data_offsets: [begin, end]}, got " + node);
    }
    SafetensorsDtype dt;
    try {
      dt = SafetensorsDtype.parse(dtype.asText(), where);
    } catch (IllegalArgumentException ex) {
      throw new IOException(ex.getMessage(), ex);
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).asLong(-1);
      if (!shape.get(i).canConvertToLong() || dims[i] < 0) {
        throw new IOException("Invalid shape " + shape + " for " + where);
      }
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    long expected = Math.multiplyExact(Tensor.numel(dims), dt.size);
    if (begin < 0 || end < begin || end - begin != expected) {
      throw new IOException("Invalid data_offsets " + offsets + " for " + where + ": shape "
          + Arrays.toString(dims) + " of " + dt + " needs " + expected + " bytes");
    }
    return new Entry(name, dt, dims, begin, end);
  }

  private byte[] readFully(int n, String what) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new EOFException("Truncated safetensors file " + source + ": end of file inside the " + what);
      }
      off += r;
    }
    return b;
  }

  private void readInto(byte[] b, int n, Entry e) throws IOException {
    int off = 0;
    while (off < n) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new EOFException("Truncated safetensors file " + source + ": end of file inside tensor "
            + e.name() + " (data_offsets " + e.begin() + ".." + e.end() + ")");
      }
      off += r;
    }
  }

  private void skipFully(long n, Entry e) throws IOException {
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new EOFException("Truncated safetensors file " + source + " before tensor " + e.name());
        }
        s = 1;
      }
      n -= s;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

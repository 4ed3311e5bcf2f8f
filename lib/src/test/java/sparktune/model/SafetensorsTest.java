package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

  private static Map<String, Tensor> roundTrip(List<Tensor> tensors, SafetensorsDtype dtype) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafetensorsWriter.write(out, tensors, dtype, Map.of("format", "pt"));
    Map<String, Tensor> read = new LinkedHashMap<>();
    try (SafetensorsReader r = new SafetensorsReader(new ByteArrayInputStream(out.toByteArray()), "mem.safetensors")) {
      assertThat(r.metadata()).containsEntry("format", "pt");
      r.forEach(t -> read.put(t.name(), t));
    }
    return read;
  }

  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return b.array();
  }

  private static void readAll(byte[] bytes) throws IOException {
    try (SafetensorsReader r = new SafetensorsReader(new ByteArrayInputStream(bytes), "bad.safetensors")) {
      r.forEach(t -> {});
    }
  }

  @Test
  void f32RoundTripIsBitExact() throws IOException {
    Random rnd = new Random(7);
    float[] a = new float[6 * 5];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    a[0] = Float.MIN_VALUE;
    a[1] = -0f;
    Map<String, Tensor> read = roundTrip(List.of(new Tensor("w", new long[] {6, 5}, a), new Tensor("s", new long[] {}, new float[] {3f})),
        SafetensorsDtype.F32);
    assertThat(read.get("w").shape()).containsExactly(6, 5);
    for (int i = 0; i < a.length; i++) {
      assertThat(Float.floatToRawIntBits(read.get("w").data()[i])).isEqualTo(Float.floatToRawIntBits(a[i]));
    }
    assertThat(read.get("s").data()).containsExactly(3f);
  }

  @Test
  void f16RoundsToNearestHalfAndIsStableOnRewrite() throws IOException {
    float[] a = {1f, -2.5f, 1f + 1f / 4096, 65504f, 1e-7f, 70000f, 0.1f};
    Map<String, Tensor> once = roundTrip(List.of(new Tensor("x", new long[] {7}, a)), SafetensorsDtype.F16);
    // 1 + 2^-12 is a tie between 1 and 1 + 2^-10: rounds to even (1); 70000 overflows to inf
    assertThat(once.get("x").data()).containsExactly(1f, -2.5f, 1f, 65504f, 1.1920929e-7f, Float.POSITIVE_INFINITY, 0.099975586f);
    Map<String, Tensor> twice = roundTrip(List.of(once.get("x")), SafetensorsDtype.F16);
    assertThat(twice.get("x").data()).containsExactly(once.get("x").data());
  }

  @Test
  void readsBf16AsFloat() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort((short) 0x3fc0).putShort((short) 0xc000); // 1.5, -2.0
    byte[] f = file("{\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", data.array());
    try (SafetensorsReader r = new SafetensorsReader(new ByteArrayInputStream(f), "bf16.safetensors")) {
      r.forEach(t -> assertThat(t.data()).containsExactly(1.5f, -2f));
    }
  }

  @Test
  void rejectsOffsetsThatDisagreeWithTheShape() {
    byte[] f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
    assertThatThrownBy(() -> readAll(f))
        .hasMessage("Invalid data_offsets [0,12] for tensor w in bad.safetensors: shape [2, 2] of F32 needs 16 bytes");
  }

  @Test
  void rejectsUnsupportedDtypes() {
    byte[] f = file("{\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
    assertThatThrownBy(() -> readAll(f))
        .hasMessage("Unsupported dtype 'I64' for tensor i in bad.safetensors (expected F32, F16 or BF16)");
  }

  @Test
  void rejectsOverlappingTensors() {
    byte[] f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);
    assertThatThrownBy(() -> readAll(f)).hasMessageContaining("Tensor b in bad.safetensors overlaps a");
  }

  @Test
  void rejectsTruncatedData() {
    byte[] f = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[10]);
    assertThatThrownBy(() -> readAll(f))
        .hasMessage("Truncated safetensors file bad.safetensors: end of file inside tensor w (data_offsets 0..16)");
  }

  @Test
  void rejectsFilesThatAreNotSafetensors() {
    byte[] pickle = "\u0080\u0002}q\u0000(X\u0005\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> readAll(pickle)).hasMessageContaining("Invalid safetensors header length");
  }

  @Test
  void halfConversionMatchesExhaustivelyOnAllFiniteHalves() {
    for (int h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) == 0x7c00) {
        continue; // inf / NaN
      }
      float f = SafetensorsDtype.halfToFloat(h);
      assertThat(SafetensorsDtype.floatToHalf(f) & 0xffff).as("half %x", h).isEqualTo(h);
    }
  }
}

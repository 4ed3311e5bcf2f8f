package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.model.SafetensorsReader;
import sparktune.model.Tensor;
import sparktune.train.TensorFile;

class DeltaFileTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  /** A delta of 3000 values (2 full int8 chunks and a partial one) with a wide range, and a tiny bias. */
  private static Map<String, TensorFile.Tensor> delta() {
    Random r = new Random(7);
    float[] w = new float[3000];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * Math.pow(10, -1 - r.nextInt(4)));
    }
    Map<String, TensorFile.Tensor> d = new LinkedHashMap<>();
    d.put("h.0.attn.c_attn.weight", new TensorFile.Tensor(new long[] {30, 100}, w));
    d.put("ln_f.bias", new TensorFile.Tensor(new long[] {3}, new float[] {1e-6f, -2.5e-3f, 0f}));
    return d;
  }

  @Test
  void fp32DeltasRoundTripExactly() throws Exception {
    String path = dir.resolve("d32.safetensors").toString();
    long bytes = DeltaFile.write(conf, path, delta(), "fp32");
    assertThat(bytes).isEqualTo(Files.size(Path.of(path)));
    Map<String, float[]> back = DeltaFile.read(conf, path);
    delta().forEach((k, v) -> assertThat(back.get(k)).containsExactly(v.values()));
  }

  @Test
  void bf16KeepsTheTopSixteenBitsRoundedToNearestEvenAndIsReadableAsStandardSafetensors() throws Exception {
    assertThat(DeltaFile.fromBf16(DeltaFile.toBf16(1.0f))).isEqualTo(1.0f);
    // 1 + 2^-8 is exactly halfway between two bf16 values: ties go to the even one (1.0).
    assertThat(DeltaFile.fromBf16(DeltaFile.toBf16(1.00390625f))).isEqualTo(1.0f);
    assertThat(DeltaFile.fromBf16(DeltaFile.toBf16(1.01171875f))).isEqualTo(1.015625f);
    assertThat(DeltaFile.fromBf16(DeltaFile.toBf16(Float.NaN))).isNaN();

    String path = dir.resolve("d16.safetensors").toString();
    long bytes = DeltaFile.write(conf, path, delta(), "bf16");
    assertThat(bytes).isLessThan(2 * 3003 + 400);
    Map<String, float[]> back = DeltaFile.read(conf, path);
    float[] w = delta().get("h.0.attn.c_attn.weight").values();
    for (int i = 0; i < w.length; i++) {
      assertThat(back.get("h.0.attn.c_attn.weight")[i]).isCloseTo(w[i], within(Math.abs(w[i]) / 256 + 1e-30f));
    }
    // The project's own safetensors reader (which follows the format's BF16 definition) decodes the same values.
    try (SafetensorsReader reader = SafetensorsReader.open(Path.of(path))) {
      Map<String, float[]> standard = new LinkedHashMap<>();
      reader.forEach((Tensor t) -> standard.put(t.name(), t.data()));
      assertThat(standard.get("h.0.attn.c_attn.weight")).containsExactly(back.get("h.0.attn.c_attn.weight"));
    }
  }

  @Test
  void int8UsesOneScalePerChunkSoSmallChunksKeepTheirPrecision() throws Exception {
    String path = dir.resolve("d8.safetensors").toString();
    long bytes = DeltaFile.write(conf, path, delta(), "int8");
    assertThat(bytes).isLessThan(3003 + 4 * 4 + 500);
    Map<String, float[]> back = DeltaFile.read(conf, path);
    float[] w = delta().get("h.0.attn.c_attn.weight").values();
    for (int c = 0; c < 3; c++) {
      float max = 0;
      for (int i = c * DeltaFile.CHUNK; i < Math.min(w.length, (c + 1) * DeltaFile.CHUNK); i++) {
        max = Math.max(max, Math.abs(w[i]));
      }
      for (int i = c * DeltaFile.CHUNK; i < Math.min(w.length, (c + 1) * DeltaFile.CHUNK); i++) {
        assertThat(back.get("h.0.attn.c_attn.weight")[i]).isCloseTo(w[i], within(max / 254 * 1.0001f));
      }
    }
    float[] bias = back.get("ln_f.bias");
    assertThat(bias[1]).isEqualTo(-2.5e-3f, within(2.5e-3f / 254));
    assertThat(bias[2]).isZero();
  }
}

package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTest {
  @TempDir Path tmp;

  @Test
  void roundTripsFloatTensorsInOrder() throws Exception {
    Map<String, TensorFile.Tensor> in = new LinkedHashMap<>();
    in.put("exp_avg.b", new TensorFile.Tensor(new long[] {3}, new float[] {1.5f, -2f, Float.MIN_VALUE}));
    in.put("exp_avg.a", new TensorFile.Tensor(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
    Path f = tmp.resolve("opt.safetensors");
    TensorFile.write(f, in, Map.of("step", "7"));
    Map<String, TensorFile.Tensor> out = TensorFile.read(f);
    assertThat(out.keySet()).containsExactly("exp_avg.b", "exp_avg.a");
    assertThat(out.get("exp_avg.b").values()).containsExactly(1.5f, -2f, Float.MIN_VALUE);
    assertThat(out.get("exp_avg.a").shape()).containsExactly(2, 2);
    byte[] head = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(f), 8);
    assertThat(java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong() % 8).isZero(); // data 8-byte aligned
  }
}

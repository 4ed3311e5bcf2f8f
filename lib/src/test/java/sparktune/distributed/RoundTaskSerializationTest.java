package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparktune.model.Gpt2Config;

class RoundTaskSerializationTest {
  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void theRoundInputTravelsToExecutorsUnchanged() throws Exception {
    WorkerSetup setup = new WorkerSetup("run@app", Gpt2Source.of(new Gpt2Config(16, 8, 8, 1, 2, 32, 1e-5, 0, 0, 0, 0, 0)), null,
        new RoundSlice(2, 5, 8), 8, 4, 2, "cosine", 3e-4, 0.1, 10, 100, 0.9, 0.95, 1e-8, 0.1, 1.0, 0.0, 7, Map.of("fs.defaultFS", "file:///"));
    RoundSpec spec = new RoundSpec(3, 1, "/w/global.safetensors", "/w/attempt-1",
        Arrays.asList(null, new RoundSpec.InnerState("/w/inner-1.safetensors", 15)));
    assertThat(roundTrip(setup)).isEqualTo(setup);
    assertThat(roundTrip(spec)).isEqualTo(spec);
    assertThat(roundTrip(new WorkerResult(1, 2.0, 3.0, 5, 1, 40, 1.5, "/d", spec.inner().get(1), true, false, "executor_h_1", "cpu()")))
        .extracting(WorkerResult::meanLoss, WorkerResult::meanGradNorm).containsExactly(0.4, 0.75);
  }
}

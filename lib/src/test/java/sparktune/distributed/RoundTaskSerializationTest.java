package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparktune.config.ConfigLoader;
import sparktune.config.TrainConfig;
import sparktune.model.Gpt2Config;
import sparktune.train.RunPlan;

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
    TrainConfig train = ConfigLoader.load((java.nio.file.Path) null, List.of("train.workers=2", "train.optimizer=adafactor",
        "train.precision=fp16", "train.label-smoothing=0.1", "train.sources=[a, b]")).train();
    WorkerSetup setup = new WorkerSetup("run@app", Gpt2Source.of(new Gpt2Config(16, 8, 8, 1, 2, 32, 1e-5, 0, 0, 0, 0, 0)), null,
        train, new RunPlan(8, 100, 40, 10, 4, 5), new ShardLayout(List.of("a", "b"), List.of(new long[] {3, 2}, new long[] {2}), 2),
        Map.of("fs.defaultFS", "file:///"));
    RoundSpec spec = new RoundSpec(3, 1, "/w/round-1/attempt-0", 2, "/w/round-3/attempt-1",
        Arrays.asList(null, new RoundSpec.InnerState("/w/inner-1.safetensors", 15, 32768.0, 12)), false, true);
    assertThat(roundTrip(setup).train()).isEqualTo(setup.train());
    assertThat(roundTrip(setup).layout().size()).isEqualTo(8);
    assertThat(roundTrip(setup).train().optimizer()).isEqualTo("adafactor");
    assertThat(roundTrip(spec)).isEqualTo(spec);
    Traffic traffic = new Traffic();
    traffic.exchangeRead = 700;
    traffic.exchangeWritten = 600;
    traffic.stateWritten = 50;
    WorkerResult result = roundTrip(new WorkerResult(1, List.of(0.25, 0.5, 0.5, 0.5, 0.25), 3.0, 1, 40, 1.5, traffic, spec.inner().get(1), true,
        false, 1, "executor_h_1", "cpu()"));
    assertThat(result).extracting(WorkerResult::meanLoss, WorkerResult::meanGradNorm).containsExactly(0.4, 0.75);
    assertThat(result.traffic().total()).isEqualTo(1350);
    assertThat(result.traffic().exchange()).isEqualTo(1300);
  }
}

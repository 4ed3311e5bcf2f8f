package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ModelConfig;
import sparktune.model.Gpt2Config;
import sparktune.train.Gpt2Factory;
import sparktune.train.LanguageModel;
import sparktune.train.TensorFile;

class RoundCheckpointsTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();
  private final Gpt2Source source = Gpt2Source.of(new Gpt2Config(16, 8, 8, 1, 2, 32, 1e-5, 0, 0, 0, 0, 0));

  private RoundSpec.InnerState inner(int worker, float value) throws Exception {
    String path = dir.resolve("rounds/inner-" + worker + "-" + value + ".safetensors").toString();
    TensorFiles.write(conf, path, Map.of("exp_avg.x", new TensorFile.Tensor(new long[] {2}, new float[] {value, value})));
    return new RoundSpec.InnerState(path, 7, 1024.0 * (worker + 1), 3 + worker);
  }

  private String publish(RoundCheckpoints store, LanguageModel model, int rounds, float momentum) throws Exception {
    Map<String, TensorFile.Tensor> global = TensorFiles.export(model);
    Map<String, float[]> m = new java.util.LinkedHashMap<>();
    global.forEach((k, v) -> m.put(k, new float[v.values().length]));
    m.values().iterator().next()[0] = momentum;
    RoundState state = new RoundState(rounds, rounds * 5L, 2, 5, rounds * 80L, 0, rounds * 80L, 1000L * rounds, 1.5, List.of(7L, 7L),
        List.of(1024.0, 2048.0), List.of(3, 4), "nesterov",
        new ObjectMapper().createObjectNode());
    RoundCheckpoints.Published p = store.publish(state, model, m, global, List.of(inner(0, rounds), inner(1, -rounds)), Map.of());
    assertThat(p.bytes()).as("bytes of the published files").isGreaterThan(Files.size(Path.of(p.path(), "model.safetensors")));
    return p.path();
  }

  @Test
  void resumesFromTheNewestIntactCheckpointOnlyWhenAskedAndMovesTheDamagedAside() throws Exception {
    RoundCheckpoints store = new RoundCheckpoints(conf, dir.resolve("checkpoints").toString());
    try (LanguageModel a = source.create(1, Device.cpu()); LanguageModel b = source.create(2, Device.cpu())) {
      String older = publish(store, a, 2, 0.5f);
      String newer = publish(store, b, 4, 0.25f);
      List<String> console = new java.util.ArrayList<>();
      assertThat(store.latest(false, console::add)).hasValue(newer);

      Files.write(Path.of(newer, "model.safetensors"), new byte[] {1, 2, 3});
      Files.createDirectories(dir.resolve("checkpoints/.tmp-step-35/round_state"));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.latest(false, console::add))
          .isInstanceOf(sparktune.model.ModelDirChecksums.Damaged.class)
          .hasMessageStartingWith("Damaged model directory " + newer + ": model.safetensors has sha256 "
              + "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81 but checksums.sha256 records ");
      assertThat(Path.of(newer)).exists();

      assertThat(store.latest(true, console::add)).hasValue(older);
      assertThat(Path.of(newer)).doesNotExist();
      assertThat(dir.resolve("checkpoints/.damaged/step-20/model.safetensors")).hasBinaryContent(new byte[] {1, 2, 3});
      assertThat(console).singleElement().asString()
          .startsWith("train: Damaged model directory " + newer + ": model.safetensors has sha256 039058c6")
          .endsWith("; moved " + newer + " to " + dir.resolve("checkpoints/.damaged/step-20"));

      RoundCheckpoints.Loaded l = store.load(older, new Gpt2Factory(new ModelConfig("scratch", 1, 2, 8, 8, 0, 1e-5), 0), 2, 5);
      assertThat(l.state().rounds()).isEqualTo(2);
      assertThat(l.state().position()).isEqualTo(160);
      Map<String, TensorFile.Tensor> expected = TensorFiles.export(a);
      assertThat(l.weights().keySet()).containsExactlyElementsOf(expected.keySet());
      expected.forEach((k, v) -> assertThat(l.weights().get(k).values()).containsExactly(v.values()));
      assertThat(l.momentum().values().iterator().next()[0]).isEqualTo(0.5f);
      assertThat(l.inner()).extracting(RoundSpec.InnerState::path)
          .containsExactly(older + "/round_state/inner-0.safetensors", older + "/round_state/inner-1.safetensors");
      assertThat(TensorFiles.read(conf, l.inner().get(1).path()).get("exp_avg.x").values()).containsExactly(-2f, -2f);
      assertThat(l.inner()).extracting(RoundSpec.InnerState::lossScale, RoundSpec.InnerState::goodSteps)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1024.0, 3), org.assertj.core.groups.Tuple.tuple(2048.0, 4));
    }
  }

  @Test
  void refusesToResumeWithADifferentNumberOfWorkers() throws Exception {
    RoundCheckpoints store = new RoundCheckpoints(conf, dir.resolve("checkpoints").toString());
    try (LanguageModel a = source.create(1, Device.cpu())) {
      String path = publish(store, a, 2, 0f);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.load(path, null, 3, 5))
          .hasMessage("Cannot resume " + path + ": it was written with train.workers = 2 and train.inner-steps = 5, this run has 3 and 5");
    }
  }
}

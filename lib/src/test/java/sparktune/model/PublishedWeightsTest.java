package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.testing.PublishedGpt2;

/**
 * Weights of the published tiny GPT-2: the hub's F32 file (names without {@code transformer.},
 * causal-mask buffers) and transformers' F16 and BF16 saves of the same values (names with the
 * prefix) load to identical parameters.
 */
class PublishedWeightsTest {
  @TempDir Path tmp;

  @Test
  void halfAndBfloat16FilesLoadToTheValuesOfTheF32File() throws Exception {
    Path f32 = PublishedGpt2.copyTo(tmp.resolve("f32"));
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, Parameter> expected = HfModelDir.load(f32.toString(), null, manager).namedParameters();
      for (String dtype : List.of("f16", "bf16")) {
        byte[] file = PublishedGpt2.weights(dtype);
        try (SafetensorsReader r = new SafetensorsReader(new ByteArrayInputStream(file), dtype)) {
          assertThat(r.metadata()).containsEntry("format", "pt");
          assertThat(r.entries()).extracting(SafetensorsReader.Entry::dtype).containsOnly(SafetensorsDtype.valueOf(dtype.toUpperCase()));
          assertThat(r.entries()).extracting(SafetensorsReader.Entry::name).allMatch(n -> n.startsWith("transformer."));
        }
        Path dir = PublishedGpt2.copyTo(tmp.resolve(dtype));
        Files.write(dir.resolve(HfModelDir.WEIGHTS), file);
        Map<String, Parameter> got = HfModelDir.load(dir.toString(), null, manager).namedParameters();
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        for (String name : expected.keySet()) {
          assertThat(got.get(name).getArray().toFloatArray()).as(dtype + " " + name)
              .containsExactly(expected.get(name).getArray().toFloatArray());
        }
      }
    }
  }

  @Test
  void theHubFileHasNoPrefixAndCarriesMaskBuffersThatAreSkipped() throws Exception {
    Path dir = PublishedGpt2.copyTo(tmp.resolve("hub"));
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(HfModelDir.WEIGHTS))) {
      assertThat(r.entries()).extracting(SafetensorsReader.Entry::name).contains("h.0.attn.bias", "wte.weight").noneMatch(n -> n.startsWith("transformer."));
    }
    Gpt2Config config = HfModelDir.readConfig(dir.toString(), null);
    assertThat(config.vocabSize()).isEqualTo(PublishedGpt2.golden().get("vocab_size").asInt());
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(dir.toString(), null, manager);
      assertThat(model.namedParameters()).containsKey("transformer.h.1.attn.c_attn.weight").doesNotContainKey("transformer.h.0.attn.bias");
    }
  }
}

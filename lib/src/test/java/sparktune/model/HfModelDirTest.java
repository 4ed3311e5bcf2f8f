package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfModelDirTest {
  @TempDir Path tmp;

  private static Gpt2Config tiny() {
    return new Gpt2Config(50, 16, 16, 2, 2, 64, 1e-5, 0.1, 0.1, 0.1, 49, 49);
  }

  private static void writeTensors(Path file, List<Tensor> tensors) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      SafetensorsWriter.write(out, tensors, SafetensorsDtype.F32, Map.of());
    }
  }

  @Test
  void saveThenLoadRoundTripsBitExactly() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(tiny(), manager);
      model.initWeights(11);
      HfModelDir.save(model, tmp.toString(), SafetensorsDtype.F32, null, null);
      Gpt2Model back = HfModelDir.load(tmp.toString(), null, manager);
      assertThat(back.config()).isEqualTo(model.config());
      for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
        float[] a = e.getValue().getArray().toFloatArray();
        float[] b = back.namedParameters().get(e.getKey()).getArray().toFloatArray();
        assertThat(b).as(e.getKey()).containsExactly(a);
      }
    }
  }

  @Test
  void writesAConfigThatTransformersRecognises() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(tiny(), manager);
      HfModelDir.save(model, tmp.toString(), SafetensorsDtype.F16, null, null);
      JsonNode c = new ObjectMapper().readTree(tmp.resolve("config.json").toFile());
      assertThat(c.get("model_type").asText()).isEqualTo("gpt2");
      assertThat(c.get("architectures").get(0).asText()).isEqualTo("GPT2LMHeadModel");
      assertThat(c.get("n_inner").isNull()).isTrue();
      assertThat(Gpt2Config.fromJson(Files.readString(tmp.resolve("config.json")), "config.json")).isEqualTo(tiny());
      JsonNode gen = new ObjectMapper().readTree(tmp.resolve("generation_config.json").toFile());
      assertThat(gen.get("eos_token_id").asInt()).isEqualTo(49);
      try (SafetensorsReader r = SafetensorsReader.open(tmp.resolve("model.safetensors"))) {
        assertThat(r.entries()).allMatch(e -> e.dtype() == SafetensorsDtype.F16);
        assertThat(r.entries()).extracting(SafetensorsReader.Entry::name).doesNotContain("lm_head.weight")
            .contains("transformer.h.1.mlp.c_proj.weight");
      }
    }
  }

  @Test
  void copiesTokenizerFilesFromTheSource() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("tokenizer.json"), "{\"model\":{}}");
    Files.writeString(src.resolve("merges.txt"), "#version: 0.2\n");
    Files.writeString(src.resolve("notes.txt"), "not a tokenizer file");
    try (NDManager manager = NDManager.newBaseManager()) {
      Path out = tmp.resolve("out");
      HfModelDir.save(new Gpt2Model(tiny(), manager), out.toString(), SafetensorsDtype.F32, src.toString(), null);
      assertThat(HfModelDir.tokenizerFiles(out.toString(), null)).containsExactly("tokenizer.json", "merges.txt");
      assertThat(Files.readString(out.resolve("merges.txt"))).isEqualTo("#version: 0.2\n");
      assertThat(out.resolve("notes.txt")).doesNotExist();
    }
  }

  @Test
  void refusesPickledCheckpointsWithConversionAdvice() throws IOException {
    Files.writeString(tmp.resolve("config.json"), tiny().toJson());
    Files.write(tmp.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> HfModelDir.load(tmp.toString(), null, manager))
          .hasMessageContaining("has only pytorch_model.bin")
          .hasMessageContaining("save_pretrained('" + tmp + "', safe_serialization=True)");
    }
  }

  @Test
  void namesMissingUnexpectedAndMisshapenTensors() throws IOException {
    Files.writeString(tmp.resolve("config.json"), tiny().toJson());
    Path file = tmp.resolve("model.safetensors");
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Tensor> all = new Gpt2Model(tiny(), manager).toTensors();

      writeTensors(file, all.subList(1, all.size()));
      assertThatThrownBy(() -> HfModelDir.load(tmp.toString(), null, manager))
          .hasMessage("Missing tensors in " + file + ": [transformer.wte.weight]");

      List<Tensor> extra = new ArrayList<>(all);
      extra.add(new Tensor("transformer.h.9.ln_1.weight", new long[] {16}, new float[16]));
      writeTensors(file, extra);
      assertThatThrownBy(() -> HfModelDir.load(tmp.toString(), null, manager))
          .hasMessage("Unexpected tensor transformer.h.9.ln_1.weight in " + file + " (not a GPT-2 parameter for this config)");

      List<Tensor> bad = new ArrayList<>(all);
      bad.set(0, new Tensor("transformer.wte.weight", new long[] {16, 50}, new float[800]));
      writeTensors(file, bad);
      assertThatThrownBy(() -> HfModelDir.load(tmp.toString(), null, manager))
          .hasMessage("Shape mismatch for transformer.wte.weight in " + file + ": file has [16, 50], config.json implies [50, 16]");
    }
  }

  @Test
  void acceptsOriginalGpt2NamesWithoutPrefixAndSkipsMaskBuffers() throws IOException {
    Files.writeString(tmp.resolve("config.json"), tiny().toJson());
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(tiny(), manager);
      model.initWeights(3);
      List<Tensor> renamed = new ArrayList<>();
      for (Tensor t : model.toTensors()) {
        renamed.add(new Tensor(t.name().substring("transformer.".length()), t.shape(), t.data()));
      }
      renamed.add(new Tensor("h.0.attn.bias", new long[] {1, 1, 16, 16}, new float[256]));
      renamed.add(new Tensor("lm_head.weight", new long[] {50, 16}, model.toTensors().get(0).data()));
      writeTensors(tmp.resolve("model.safetensors"), renamed);
      Gpt2Model back = HfModelDir.load(tmp.toString(), null, manager);
      assertThat(back.namedParameters().get("transformer.h.1.attn.c_attn.weight").getArray().toFloatArray())
          .containsExactly(model.namedParameters().get("transformer.h.1.attn.c_attn.weight").getArray().toFloatArray());
    }
  }

  @Test
  void rejectsConfigsWithTheErfGelu() {
    assertThatThrownBy(() -> Gpt2Config.fromJson("{\"model_type\":\"gpt2\",\"activation_function\":\"gelu\"}", "x/config.json"))
        .hasMessage("Unsupported activation_function 'gelu' in x/config.json (expected gelu_new or gelu_pytorch_tanh, the tanh form of GELU)");
  }

  @Test
  void readsNCtxWhenNPositionsIsAbsent() {
    Gpt2Config c = Gpt2Config.fromJson("{\"n_ctx\":64,\"n_embd\":32,\"n_head\":4,\"n_layer\":1,\"vocab_size\":10}", "c.json");
    assertThat(c.nPositions()).isEqualTo(64);
    assertThat(c.nInner()).isEqualTo(128);
  }
}

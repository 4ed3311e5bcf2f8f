package sparktune.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny GPT-2 directory in the layout and formatting the Hugging Face hub publishes
 * (test resource {@code hf-gpt2-published/}, written by its {@code make_published_gpt2.py} with the
 * Python standard library), its F16 and BF16 weight files and its golden token ids.
 */
public final class PublishedGpt2 {
  static final String ROOT = "/hf-gpt2-published/";
  /** Every file of the published directory, as a hub download of GPT-2 holds them. */
  public static final List<String> FILES = List.of("config.json", "generation_config.json", "merges.txt", "model.safetensors",
      "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json");

  private PublishedGpt2() {}

  /** Copies the published directory into {@code dir} (created) and returns it. */
  public static Path copyTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : FILES) {
      Files.write(dir.resolve(name), bytes("gpt2-tiny/" + name));
    }
    return dir;
  }

  /** The same weights as saved by transformers in {@code dtype} ("f16" or "bf16"): a model.safetensors. */
  public static byte[] weights(String dtype) {
    return bytes("weights/model." + dtype + ".safetensors");
  }

  /** {@code golden_ids.json}: vocab_size, eos_id, merges and ids: [{text, ids}]. */
  public static JsonNode golden() {
    try {
      return new ObjectMapper().readTree(bytes("golden_ids.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String name) {
    try (InputStream in = PublishedGpt2.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("Test resource " + ROOT + name + " missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

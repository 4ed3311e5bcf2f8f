package sparktune.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import sparktune.spark.HadoopFiles;

/**
 * A Hugging Face GPT-2 model directory: {@code config.json} + {@code model.safetensors} (+ optional
 * {@code generation_config.json} and tokenizer files). Local paths use plain file I/O; other URIs
 * ({@code s3a://}, {@code hdfs://}) go through {@link HadoopFiles} with the given Hadoop
 * configuration. Only safetensors are read: a directory holding just {@code pytorch_model.bin} is
 * refused, since reading it would mean unpickling.
 */
public final class HfModelDir {
  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String GENERATION_CONFIG = "generation_config.json";
  /** Tokenizer files copied alongside a saved model when present in the source directory. */
  public static final List<String> TOKENIZER_FILES =
      List.of("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json");

  // causal-mask buffers that older GPT-2 checkpoints stored; recomputed here, so skipped
  private static final Pattern MASK_BUFFER = Pattern.compile("transformer\\.h\\.\\d+\\.attn\\.(bias|masked_bias)");

  private HfModelDir() {}

  /** Reads {@code dir/config.json}. {@code hadoop} may be null for local paths. */
  public static Gpt2Config readConfig(String dir, Configuration hadoop) {
    ModelDirFiles s = new ModelDirFiles(dir, hadoop);
    if (!s.exists(CONFIG)) {
      throw new IllegalArgumentException("No " + CONFIG + " in model directory " + dir);
    }
    return Gpt2Config.fromJson(s.readString(CONFIG), s.path(CONFIG));
  }

  /**
   * Loads a model directory; parameters live in a sub-manager of {@code manager}. Tensor names
   * may carry the {@code transformer.} prefix or not (original GPT-2 files do not); a tied
   * {@code lm_head.weight} must equal {@code wte}. {@code hadoop} may be null for local paths.
   */
  public static Gpt2Model load(String dir, Configuration hadoop, NDManager manager) {
    ModelDirChecksums.verify(dir, hadoop);
    Gpt2Config config = readConfig(dir, hadoop);
    ModelDirFiles s = new ModelDirFiles(dir, hadoop);
    String file = s.path(WEIGHTS);
    if (!s.exists(WEIGHTS)) {
      if (s.exists("pytorch_model.bin")) {
        throw new IllegalArgumentException("Model directory " + dir + " has only pytorch_model.bin; sparktune reads"
            + " safetensors only (a pickle is never loaded). Convert it first: python -c \"from transformers import"
            + " AutoModelForCausalLM; AutoModelForCausalLM.from_pretrained('" + dir + "').save_pretrained('" + dir
            + "', safe_serialization=True)\"");
      }
      if (s.exists("model.safetensors.index.json")) {
        throw new IllegalArgumentException("Sharded checkpoints (model.safetensors.index.json) are not supported: " + dir);
      }
      throw new IllegalArgumentException("No " + WEIGHTS + " in model directory " + dir);
    }
    NDManager sub = manager.newSubManager();
    Gpt2Model model = new Gpt2Model(config, sub);
    Set<String> seen = new HashSet<>();
    float[][] lmHead = new float[1][];
    try (SafetensorsReader r = new SafetensorsReader(s.open(WEIGHTS), file)) {
      r.forEach(t -> {
        String name = canonical(t.name());
        if (MASK_BUFFER.matcher(name).matches()) {
          return;
        }
        if (name.equals("lm_head.weight")) {
          lmHead[0] = t.data();
          return;
        }
        if (!seen.add(name)) {
          throw new IllegalArgumentException("Tensor " + name + " appears twice in " + file);
        }
        model.setTensor(new Tensor(name, t.shape(), t.data()), file);
      });
      Set<String> missing = new TreeSet<>(model.namedParameters().keySet());
      missing.removeAll(seen);
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("Missing tensors in " + file + ": " + missing);
      }
      if (lmHead[0] != null
          && !Arrays.equals(lmHead[0], model.namedParameters().get("transformer.wte.weight").getArray().toFloatArray())) {
        throw new IllegalArgumentException("lm_head.weight in " + file + " differs from transformer.wte.weight;"
            + " only GPT-2 with a tied LM head is supported");
      }
      return model;
    } catch (IOException e) {
      sub.close();
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      sub.close();
      throw e;
    }
  }

  /**
   * Writes {@code config.json}, {@code generation_config.json} and {@code model.safetensors}
   * ({@code dtype} F32 or F16; {@code lm_head} omitted, as tied) into {@code dir}, and copies the
   * tokenizer files found in {@code tokenizerSource} (may be null). {@code hadoop} may be null when
   * both are local paths.
   */
  public static void save(Gpt2Model model, String dir, SafetensorsDtype dtype, String tokenizerSource, Configuration hadoop) {
    ModelDirFiles s = new ModelDirFiles(dir, hadoop);
    s.mkdirs();
    Gpt2Config c = model.config();
    s.writeString(CONFIG, c.toJson());
    s.writeString(GENERATION_CONFIG, "{\n  \"_from_model_config\": true,\n  \"bos_token_id\": " + c.bosTokenId()
        + ",\n  \"eos_token_id\": " + c.eosTokenId() + "\n}\n");
    try (OutputStream out = s.create(WEIGHTS)) {
      SafetensorsWriter.write(out, model.toTensors(), dtype, Map.of("format", "pt"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + s.path(WEIGHTS), e);
    }
    if (tokenizerSource != null) {
      ModelDirFiles src = new ModelDirFiles(tokenizerSource, hadoop);
      for (String f : TOKENIZER_FILES) {
        if (src.exists(f)) {
          s.writeBytes(f, src.readBytes(f));
        }
      }
    }
  }

  /** Names of the tokenizer files present in {@code dir}. */
  public static Set<String> tokenizerFiles(String dir, Configuration hadoop) {
    ModelDirFiles s = new ModelDirFiles(dir, hadoop);
    Set<String> out = new LinkedHashSet<>();
    TOKENIZER_FILES.stream().filter(s::exists).forEach(out::add);
    return out;
  }

  /** Adds the {@code transformer.} prefix used by GPT2LMHeadModel when a file omits it. */
  static String canonical(String name) {
    return name.startsWith("transformer.") || name.startsWith("lm_head.") ? name : "transformer." + name;
  }
}

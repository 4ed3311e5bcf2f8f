package sparktune.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import sparktune.config.ModelConfig;

/**
 * GPT-2 hyper-parameters, read from and written to a Hugging Face {@code config.json}.
 *
 * @param vocabSize token vocabulary size V
 * @param nPositions maximum context length (HF {@code n_positions}, or {@code n_ctx})
 * @param nEmbd embedding width C
 * @param nLayer transformer blocks
 * @param nHead attention heads; divides nEmbd
 * @param nInner MLP hidden width (HF {@code n_inner}; null there means 4 * nEmbd)
 * @param layerNormEpsilon LayerNorm epsilon
 * @param embdPdrop dropout on token + position embeddings (training only)
 * @param attnPdrop dropout on attention probabilities (training only)
 * @param residPdrop dropout on each residual branch (training only)
 * @param bosTokenId beginning-of-sequence id
 * @param eosTokenId end-of-sequence id (also separates packed documents)
 */
public record Gpt2Config(
    int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, int nInner, double layerNormEpsilon,
    double embdPdrop, double attnPdrop, double residPdrop, int bosTokenId, int eosTokenId) {

  public Gpt2Config {
    require(vocabSize > 0, "vocab_size", vocabSize, "must be > 0");
    require(nPositions > 0, "n_positions", nPositions, "must be > 0");
    require(nLayer > 0, "n_layer", nLayer, "must be > 0");
    require(nHead > 0 && nEmbd > 0 && nEmbd % nHead == 0, "n_embd", nEmbd, "must be a positive multiple of n_head " + nHead);
    require(nInner > 0, "n_inner", nInner, "must be > 0");
    require(layerNormEpsilon > 0, "layer_norm_epsilon", layerNormEpsilon, "must be > 0");
    for (double p : new double[] {embdPdrop, attnPdrop, residPdrop}) {
      require(p >= 0 && p < 1, "*_pdrop", p, "must be in [0, 1)");
    }
  }

  /** A scratch model's config from {@code model.*} settings and the tokenizer's vocabulary and EOS id. */
  public static Gpt2Config fromModelConfig(ModelConfig m, int vocabSize, int eosTokenId) {
    return new Gpt2Config(vocabSize, m.nPositions(), m.nEmbd(), m.nLayer(), m.nHead(), 4 * m.nEmbd(),
        m.layerNormEpsilon(), m.dropout(), m.dropout(), m.dropout(), eosTokenId, eosTokenId);
  }

  /** Parses a Hugging Face GPT-2 {@code config.json}; {@code source} names the file in errors. */
  public static Gpt2Config fromJson(String json, String source) {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid JSON in " + source + ": " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("Invalid " + source + ": expected a JSON object");
    }
    String type = n.path("model_type").asText("gpt2");
    if (!type.equals("gpt2")) {
      throw new IllegalArgumentException("Unsupported model_type '" + type + "' in " + source + " (expected gpt2)");
    }
    String act = n.path("activation_function").asText("gelu_new");
    if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
      throw new IllegalArgumentException("Unsupported activation_function '" + act + "' in " + source
          + " (expected gelu_new or gelu_pytorch_tanh, the tanh form of GELU)");
    }
    requireDefault(n, "scale_attn_weights", true, source);
    requireDefault(n, "scale_attn_by_inverse_layer_idx", false, source);
    requireDefault(n, "reorder_and_upcast_attn", false, source);
    int nEmbd = intField(n, "n_embd", 768, source);
    int nPositions = n.has("n_positions") ? intField(n, "n_positions", 1024, source) : intField(n, "n_ctx", 1024, source);
    JsonNode inner = n.get("n_inner");
    int nInner = inner == null || inner.isNull() ? 4 * nEmbd : intField(n, "n_inner", 0, source);
    try {
      return new Gpt2Config(
          intField(n, "vocab_size", 50257, source), nPositions, nEmbd, intField(n, "n_layer", 12, source),
          intField(n, "n_head", 12, source), nInner, n.path("layer_norm_epsilon").asDouble(1e-5),
          n.path("embd_pdrop").asDouble(0.1), n.path("attn_pdrop").asDouble(0.1), n.path("resid_pdrop").asDouble(0.1),
          intField(n, "bos_token_id", 50256, source), intField(n, "eos_token_id", 50256, source));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in " + source, e);
    }
  }

  /** A {@code config.json} that {@code transformers} loads as GPT2LMHeadModel. */
  public String toJson() {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = m.createObjectNode();
    o.put("model_type", "gpt2");
    o.putArray("architectures").add("GPT2LMHeadModel");
    o.put("vocab_size", vocabSize);
    o.put("n_positions", nPositions);
    o.put("n_ctx", nPositions);
    o.put("n_embd", nEmbd);
    o.put("n_layer", nLayer);
    o.put("n_head", nHead);
    if (nInner == 4 * nEmbd) {
      o.putNull("n_inner");
    } else {
      o.put("n_inner", nInner);
    }
    o.put("activation_function", "gelu_new");
    o.put("layer_norm_epsilon", layerNormEpsilon);
    o.put("embd_pdrop", embdPdrop);
    o.put("attn_pdrop", attnPdrop);
    o.put("resid_pdrop", residPdrop);
    o.put("initializer_range", 0.02);
    o.put("scale_attn_weights", true);
    o.put("tie_word_embeddings", true);
    o.put("use_cache", true);
    o.put("bos_token_id", bosTokenId);
    o.put("eos_token_id", eosTokenId);
    o.put("torch_dtype", "float32");
    try {
      return m.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int intField(JsonNode n, String key, int dflt, String source) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("Invalid " + key + " in " + source + ": " + v + " (expected an integer)");
    }
    return v.asInt();
  }

  private static void requireDefault(JsonNode n, String key, boolean expected, String source) {
    JsonNode v = n.get(key);
    if (v != null && !v.isNull() && v.asBoolean() != expected) {
      throw new IllegalArgumentException("Unsupported " + key + "=" + v + " in " + source + " (only " + expected + " is implemented)");
    }
  }

  private static void require(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid " + key + ": " + value + " (" + expected + ")");
    }
  }
}

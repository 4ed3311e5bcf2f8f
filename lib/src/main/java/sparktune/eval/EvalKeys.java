package sparktune.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import sparktune.config.EvalConfig;

/**
 * The {@code settings_json} part of an eval row's key: every setting a value depends on besides
 * the model's weights and the test shards, as canonical JSON (keys sorted, every field present),
 * so the same settings always give the same string.
 */
public final class EvalKeys {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvalKeys() {}

  /** Perplexity (and matched-document entropy) rows: the sliding-window stride and the entropy file's sha256 ("" for none). */
  public static String perplexity(EvalConfig ev, String entropySha256) {
    ObjectNode o = JSON.createObjectNode();
    o.put("entropy-sha256", entropySha256);
    o.put("kind", "perplexity");
    o.put("stride", ev.stride());
    return write(o);
  }

  /**
   * Generation rows of one decoding config ({@code decodingJson}, its canonical JSON) or of the
   * reference continuations ({@code decodingJson} ""): the prompts, lengths and embedder they
   * were produced with.
   */
  public static String generation(EvalConfig ev, String decodingName, String decodingJson) {
    ObjectNode o = JSON.createObjectNode();
    try {
      if (decodingJson.isEmpty()) {
        o.put("decoding", decodingName);
      } else {
        o.set("decoding", JSON.readTree(decodingJson));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid decoding JSON: " + decodingJson, e);
    }
    o.put("embedding-model", ev.embeddingModel());
    o.set("fixed-prompts", JSON.valueToTree(decodingJson.isEmpty() ? java.util.List.of() : ev.fixedPrompts()));
    o.put("kind", "generation");
    o.put("max-new-tokens", ev.maxNewTokens());
    o.put("prompt-tokens", ev.promptTokens());
    o.put("prompts", ev.prompts());
    return write(o);
  }

  private static String write(ObjectNode o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package sparktune.shards;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * {@code shards/<split>/manifest.json}: what the shards hold and what built them. Train and
 * evaluate refuse shards whose tokenizer does not match the model's.
 *
 * @param split train or test
 * @param tokenizerPath the tokenizer.json used (or "gpt2" for the built-in one)
 * @param tokenizerSha256 the tokenizer's identity: sha256 of its canonical tokenizer.json
 *     ({@code BpeTokenizer#sha256()}), the same whichever files it was loaded from
 * @param vocabSize vocabulary size including special tokens
 * @param eosId id of the end-of-text token that separates documents and pads final blocks
 * @param blockSize tokens per block
 * @param idBytes bytes per id in the ids column (2 or 4)
 * @param blocks number of blocks (rows)
 * @param tokens real tokens (EOS separators included, padding excluded)
 * @param documents documents tokenized
 * @param bytes UTF-8 bytes of the documents' text
 * @param words whitespace-separated words of the documents' text
 * @param perSource per source name: {blocks, tokens, documents, bytes, words}
 * @param packingEfficiency tokens / (blocks * blockSize)
 * @param cleanVersion the Delta version of clean/ that was read
 * @param config the resolved config (JSON)
 * @param createdAt ISO-8601 instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardManifest(
    String split,
    String tokenizerPath,
    String tokenizerSha256,
    int vocabSize,
    int eosId,
    int blockSize,
    int idBytes,
    long blocks,
    long tokens,
    long documents,
    long bytes,
    long words,
    Map<String, Map<String, Long>> perSource,
    double packingEfficiency,
    long cleanVersion,
    JsonNode config,
    String createdAt) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static final String FILE = "manifest.json";

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ShardManifest parse(String json, String where) {
    try {
      return JSON.readValue(json, ShardManifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read shard manifest " + where + ": " + e.getOriginalMessage(), e);
    }
  }
}

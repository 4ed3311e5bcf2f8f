package sparktune.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.run.Checkpoints;
import sparktune.testing.PublishedGpt2;

/**
 * The tokenizer files of a GPT-2 directory as the hub publishes them (pretty-printed tokenizer.json,
 * one-line vocab.json, merges.txt with its version line): ids equal the golden ids computed by the
 * fixture's standard-library script with GPT-2's own algorithm, and every layout has one identity.
 */
class PublishedTokenizerTest {
  @TempDir static Path tmp;
  static Path dir;
  static JsonNode golden;

  @BeforeAll
  static void setUp() throws Exception {
    dir = PublishedGpt2.copyTo(tmp.resolve("gpt2-tiny"));
    golden = PublishedGpt2.golden();
  }

  @Test
  void tokenizerJsonGivesTheGoldenIds() {
    BpeTokenizer tok = Tokenizers.load(dir);
    assertThat(tok.vocabSize()).isEqualTo(golden.get("vocab_size").asInt());
    assertThat(tok.eosId()).isEqualTo(golden.get("eos_id").asInt());
    for (JsonNode g : golden.get("ids")) {
      assertThat(tok.encode(g.get("text").asText())).as(g.get("text").asText()).containsExactly(ids(g));
    }
  }

  @Test
  void vocabJsonAndMergesTxtGiveTheGoldenIds() throws Exception {
    BpeTokenizer tok = Tokenizers.fromVocabAndMerges(Files.readString(dir.resolve("vocab.json")), Files.readString(dir.resolve("merges.txt")), dir.toString());
    for (JsonNode g : golden.get("ids")) {
      assertThat(tok.encode(g.get("text").asText())).as(g.get("text").asText()).containsExactly(ids(g));
    }
  }

  @Test
  void huggingFaceTokenizersReadsThePublishedFileWithTheGoldenIds() throws Exception {
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(dir.resolve("tokenizer.json"))
        .optAddSpecialTokens(false).optTruncation(false).build()) {
      for (JsonNode g : golden.get("ids")) {
        int[] got = Arrays.stream(hf.encode(g.get("text").asText()).getIds()).mapToInt(Math::toIntExact).toArray();
        assertThat(got).as(g.get("text").asText()).containsExactly(ids(g));
      }
    }
  }

  @Test
  void everyLayoutOfTheTokenizerHasOneIdentityWhichIsNotTheFileBytes() throws Exception {
    BpeTokenizer fromJson = Tokenizers.load(dir);
    BpeTokenizer fromPair = Tokenizers.fromVocabAndMerges(Files.readString(dir.resolve("vocab.json")), Files.readString(dir.resolve("merges.txt")), dir.toString());
    BpeTokenizer reread = TokenizerJson.read(fromJson.toJson(), "canonical");
    String[] pair = Tokenizers.toVocabAndMerges(fromJson);
    BpeTokenizer rewrittenPair = Tokenizers.fromVocabAndMerges(pair[0], pair[1], "rewritten");

    assertThat(fromPair.sha256()).isEqualTo(fromJson.sha256());
    assertThat(reread.sha256()).isEqualTo(fromJson.sha256());
    assertThat(rewrittenPair.sha256()).isEqualTo(fromJson.sha256());
    assertThat(Checkpoints.sha256(Files.newInputStream(dir.resolve("tokenizer.json")))).isNotEqualTo(fromJson.sha256());
    assertThat(fromJson.sha256()).isNotEqualTo(Gpt2Vocabulary.tokenizer().sha256());
  }

  @Test
  void decodingTheGoldenIdsGivesTheTextBack() {
    BpeTokenizer tok = Tokenizers.load(dir);
    for (JsonNode g : golden.get("ids")) {
      assertThat(tok.decode(ids(g))).isEqualTo(g.get("text").asText());
    }
  }

  @Test
  void aTokenizerThatIgnoresMergesIsRefused() throws Exception {
    String json = Files.readString(dir.resolve("tokenizer.json")).replace("\"ignore_merges\": false", "\"ignore_merges\": true");
    assertThatThrownBy(() -> TokenizerJson.read(json, "x/tokenizer.json"))
        .hasMessage("Unsupported tokenizer x/tokenizer.json: model.ignore_merges is true (expected false: a word found whole in the vocabulary is still merged pair by pair)");
  }

  static int[] ids(JsonNode g) {
    int[] out = new int[g.get("ids").size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = g.get("ids").get(i).asInt();
    }
    return out;
  }
}

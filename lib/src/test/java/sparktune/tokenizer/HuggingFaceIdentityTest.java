package sparktune.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our GPT-2 tokenizer against Hugging Face tokenizers (through DJL, local file only) and JTokkit r50k. */
class HuggingFaceIdentityTest {
  static final List<String> EDGE_CASES = List.of(
      "", " ", "  ", "a", " a", "a ", "Hello world", "Hello  world", "Hello   world", "\n", "\n\n\n", "\r\n", "a\r\nb",
      "\t\tx", "x\t\t", "   \n  x", "don't", "I'M", "'s", "''s", "'", "'ll've", "rock 'n' roll", "it’s",
      "12345678901234567890", "3.14159", "1,000,000", " 42", "x2y", "٣٤٥", "²³", "Ⅻ",
      "👨‍👩‍👧‍👦", " 👍🏽", "🏳️‍🌈🇺🇸", "e\u0301e\u0301", " n\u0303", "Ёлка", "¿Qué?", "año",
      "\u00A0x", "x\u00A0 y", "\u3000\u3000z", "a\u2009b", "a\u202F b", "a\u2028b", "a\u0085b", "\u200Bzw",
      "<|endoftext|>", "a<|endoftext|>b", " <|endoftext|> ", "<|endoftext|><|endoftext|>", "<|endoftext|",
      "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "漢字かなカナ", "   ".repeat(300), "x" + " ".repeat(1000) + "y", "!!!???", "a" + "\n".repeat(50) + "b",
      "abcdefgh".repeat(400), " " + "Достопримечательности".repeat(50), "1234567890".repeat(100), "?!".repeat(700),
      "👨‍👩‍👧‍👦".repeat(60), "e\u0301".repeat(200));

  static List<String> documents;
  static BpeTokenizer ours;
  static HuggingFaceTokenizer hf;

  @TempDir static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    MultilingualText gen = new MultilingualText(42);
    documents = new ArrayList<>(EDGE_CASES);
    while (documents.size() < 10_000) {
      documents.add(gen.document(5 + documents.size() % 60));
    }
    ours = Gpt2Vocabulary.tokenizer();
    Path json = dir.resolve("tokenizer.json");
    Files.writeString(json, ours.toJson());
    hf = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(false).optTruncation(false).build();
  }

  static int[] hfIds(HuggingFaceTokenizer tok, String text) {
    return Arrays.stream(tok.encode(text).getIds()).mapToInt(Math::toIntExact).toArray();
  }

  @Test
  void helloWorldHasGpt2Ids() {
    assertThat(ours.encode("Hello world")).containsExactly(15496, 995);
    assertThat(ours.vocabSize()).isEqualTo(50257);
    assertThat(ours.eosId()).isEqualTo(50256);
  }

  @Test
  void idsEqualHuggingFaceOnTenThousandDocuments() {
    for (String doc : documents) {
      assertSameIds(doc, ours.encode(doc), hfIds(hf, doc));
    }
  }

  @Test
  void idsEqualJtokkitR50kOnDocumentsWithoutTheEosText() {
    Encoding r50k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    int compared = 0;
    for (String doc : documents) {
      assertSameIds(doc, ours.encodeOrdinary(doc), r50k.encodeOrdinary(doc).toArray());
      compared++;
    }
    assertThat(compared).isEqualTo(documents.size());
  }

  @Test
  void decodeInvertsEncode() {
    for (String doc : documents) {
      String back = ours.decode(ours.encode(doc));
      if (!back.equals(doc)) {
        assertThat(escape(back)).isEqualTo(escape(doc));
      }
    }
  }

  @Test
  void heapMergeEqualsScanMergeOnLongPieces() {
    MultilingualText gen = new MultilingualText(9);
    for (int i = 0; i < 200; i++) {
      String doc = gen.document(40).replace(" ", "");
      byte[] bytes = doc.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      MergeTable table = ours.mergeTable();
      int[] scan = table.scan(table.byteIds(bytes));
      assertThat(table.heap(table.byteIds(bytes))).containsExactly(scan);
    }
  }

  @Test
  void eosTextInDocumentsBecomesTheEosId() {
    assertThat(ours.encode("a<|endoftext|>b")).containsExactly(64, 50256, 65);
    assertThat(ours.encodeOrdinary("<|endoftext|>")).doesNotContain(50256);
  }

  /** Formats the document only on a mismatch (formatting 10k documents dominates otherwise). */
  static void assertSameIds(String doc, int[] actual, int[] expected) {
    if (!Arrays.equals(actual, expected)) {
      assertThat(actual).as("ids of %s", escape(doc)).containsExactly(expected);
    }
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> sb.append(c < 32 || c > 126 ? String.format("\\u{%x}", c) : String.valueOf((char) c)));
    return sb.toString();
  }
}

package sparktune.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
  @TempDir Path dir;

  static Map<String, Long> counts(long seed, int docs) {
    MultilingualText gen = new MultilingualText(seed);
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < docs; i++) {
      PreTokenCounts.countInto(gen.document(40), counts);
    }
    return counts;
  }

  /** The textbook algorithm: recount every pair of every word before each merge. */
  static List<String> naiveMerges(Map<String, Long> counts, int vocabSize) {
    BpeTrainer.Words words = BpeTrainer.Words.of(counts);
    List<String> spelling = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      spelling.add(ByteLevel.encode(new byte[] {(byte) ByteLevel.byteAt(i)}));
    }
    Map<String, Integer> vocab = BpeTrainer.baseVocab();
    List<String> merges = new ArrayList<>();
    while (vocab.size() < vocabSize - 1) {
      Map<Long, Long> pairs = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        BpeTrainer.addPairs(words.symbols[w], words.counts[w], pairs, w, null, -1);
      }
      long[] best = null;
      for (Map.Entry<Long, Long> e : pairs.entrySet()) {
        long[] candidate = {e.getValue(), e.getKey()};
        if (e.getValue() > 0 && (best == null || BpeTrainer.better(candidate, best) < 0)) {
          best = candidate;
        }
      }
      if (best == null) {
        break;
      }
      int left = (int) (best[1] >>> 32);
      int right = (int) best[1];
      String text = spelling.get(left) + spelling.get(right);
      Integer id = vocab.get(text);
      if (id == null) {
        id = vocab.size();
        vocab.put(text, id);
        spelling.add(text);
      }
      merges.add(spelling.get(left) + " " + spelling.get(right));
      for (int w = 0; w < words.size(); w++) {
        words.symbols[w] = BpeTrainer.merge(words.symbols[w], left, right, id);
      }
    }
    return merges;
  }

  @Test
  void incrementalTrainingGivesTheNaiveMerges() {
    Map<String, Long> counts = counts(3, 150);
    BpeTokenizer trained = BpeTrainer.train(counts, 700);
    assertThat(trained.mergeLines()).hasSizeGreaterThan(400).isEqualTo(naiveMerges(counts, 700));
    assertThat(trained.vocabSize()).isEqualTo(700);
    assertThat(trained.eosId()).isEqualTo(699);
  }

  @Test
  void mergesOverlappingRepeatsLeftToRight() {
    Map<String, Long> counts = Map.of("aaaaa", 5L, "aaa", 2L, "ab", 1L);
    assertThat(BpeTrainer.train(counts, 262).mergeLines()).isEqualTo(naiveMerges(counts, 262));
  }

  @Test
  void huggingFaceLoadsTheTrainedTokenizerAndGivesTheSameIds() throws Exception {
    BpeTokenizer trained = BpeTrainer.train(counts(5, 300), 1000);
    Path json = dir.resolve("tokenizer.json");
    Files.writeString(json, trained.toJson());
    MultilingualText gen = new MultilingualText(11);
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(false).optTruncation(false).build()) {
      for (int i = 0; i < 500; i++) {
        String doc = gen.document(30);
        int[] expected = Arrays.stream(hf.encode(doc).getIds()).mapToInt(Math::toIntExact).toArray();
        HuggingFaceIdentityTest.assertSameIds(doc, trained.encode(doc), expected);
        assertThat(trained.decode(trained.encode(doc))).isEqualTo(doc);
      }
    }
    assertThat(Tokenizers.load(json).sha256()).isEqualTo(trained.sha256());
  }
}

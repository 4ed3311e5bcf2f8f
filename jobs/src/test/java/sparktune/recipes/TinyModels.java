package sparktune.recipes;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import sparktune.model.Gpt2Config;
import sparktune.model.Gpt2Model;
import sparktune.model.HfModelDir;
import sparktune.model.SafetensorsDtype;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.BpeTrainer;
import sparktune.tokenizer.PreTokenCounts;
import sparktune.tokenizer.Tokenizers;

/** Stand-ins for the pretrained models the recipes start from, and the sample files they read. */
final class TinyModels {
  private TinyModels() {}

  /** A byte-level BPE of {@code vocab} ids trained on every UTF-8 text file of the samples. */
  static BpeTokenizer tokenizer(Path samples, int vocab) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    try (Stream<Path> walk = Files.walk(samples)) {
      for (Path f : walk.filter(p -> p.toString().matches(".*\\.(txt|json|csv)$")).toList()) {
        PreTokenCounts.countInto(new String(Files.readAllBytes(f), StandardCharsets.UTF_8), counts);
      }
    }
    return BpeTrainer.train(counts, vocab);
  }

  /**
   * A 1-layer GPT-2 (d 16, context 64) in Hugging Face layout with the tokenizer as vocab.json +
   * merges.txt (the layout of rugpt3small_based_on_gpt2; GPT-2 directories carry these files too).
   */
  static Path write(Path dir, BpeTokenizer tok) throws IOException {
    Gpt2Config c = new Gpt2Config(tok.vocabSize(), 64, 16, 1, 2, 64, 1e-5, 0.0, 0.0, 0.0, tok.eosId(), tok.eosId());
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2Model model = new Gpt2Model(c, m);
      model.initWeights(7);
      HfModelDir.save(model, dir.toString(), SafetensorsDtype.F32, null, null);
    }
    String[] vm = Tokenizers.toVocabAndMerges(tok);
    Files.writeString(dir.resolve(Tokenizers.VOCAB_JSON), vm[0]);
    Files.writeString(dir.resolve(Tokenizers.MERGES_TXT), vm[1]);
    return dir;
  }

  /** The first artist folder of the huggingartists sample. */
  static Path firstArtist(Path samples) throws IOException {
    try (Stream<Path> dirs = Files.list(samples.resolve("lyrics"))) {
      return dirs.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
    }
  }

  /** The largest UTF-8 book of the classics sample. */
  static Path largestBook(Path samples) throws IOException {
    try (Stream<Path> walk = Files.walk(samples.resolve("classics"))) {
      List<Path> books = walk.filter(p -> p.toString().endsWith(".txt")).toList();
      return books.stream().filter(TinyModels::utf8).max(Comparator.comparingLong(TinyModels::size)).orElseThrow();
    }
  }

  private static boolean utf8(Path p) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p)));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

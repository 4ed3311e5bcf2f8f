package sparktune.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import sparktune.spark.HadoopFiles;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {
  @TempDir Path dir;

  @Test
  void vocabAndMergesLoadTheSameTokenizerAsTokenizerJson() throws Exception {
    BpeTokenizer gpt2 = Gpt2Vocabulary.tokenizer();
    String[] files = Tokenizers.toVocabAndMerges(gpt2);
    Path model = Files.createDirectory(dir.resolve("model"));
    Files.writeString(model.resolve("vocab.json"), files[0]);
    Files.writeString(model.resolve("merges.txt"), files[1]);
    BpeTokenizer fromFiles = Tokenizers.load(model);
    assertThat(fromFiles.sha256()).isEqualTo(gpt2.sha256());
    Files.writeString(model.resolve("tokenizer.json"), gpt2.toJson());
    assertThat(Tokenizers.load(model).sha256()).isEqualTo(gpt2.sha256());
    MultilingualText gen = new MultilingualText(1);
    for (int i = 0; i < 300; i++) {
      String doc = gen.document(50);
      assertThat(fromFiles.encode(doc)).isEqualTo(gpt2.encode(doc));
    }
  }

  @Test
  void loadsThroughHadoopFileSystemsFromFileOrDirectory() throws Exception {
    BpeTokenizer trained = BpeTrainer.train(BpeTrainerTest.counts(2, 50), 300);
    Path model = Files.createDirectory(dir.resolve("m"));
    Files.writeString(model.resolve("tokenizer.json"), trained.toJson());
    HadoopFiles files = new HadoopFiles(new org.apache.hadoop.conf.Configuration());
    assertThat(Tokenizers.load(files, "file://" + model).sha256()).isEqualTo(trained.sha256());
    assertThat(Tokenizers.load(files, model + "/tokenizer.json").sha256()).isEqualTo(trained.sha256());
    assertThat(Tokenizers.load(files, "gpt2").vocabSize()).isEqualTo(50257);
    assertThatThrownBy(() -> Tokenizers.load(files, dir + "/nope"))
        .hasMessage("Tokenizer not found: " + dir + "/nope (expected gpt2, a tokenizer.json or a model directory)");
  }

  @Test
  void refusesNonByteLevelTokenizers() throws Exception {
    Path json = dir.resolve("tokenizer.json");
    Files.writeString(json, "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{}}}");
    assertThatThrownBy(() -> Tokenizers.load(json))
        .hasMessage("Unsupported tokenizer " + json + ": model.type is WordPiece (expected BPE)");
  }

  @Test
  void directoryWithoutTokenizerFilesIsNamed() {
    assertThatThrownBy(() -> Tokenizers.load(dir))
        .hasMessage("No tokenizer in " + dir + ": expected tokenizer.json or vocab.json + merges.txt");
  }
}

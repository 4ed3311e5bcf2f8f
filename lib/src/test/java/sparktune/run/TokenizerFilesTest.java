package sparktune.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigError;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.testing.PublishedGpt2;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.Gpt2Vocabulary;
import sparktune.tokenizer.Tokenizers;

/** The shards-versus-model tokenizer check by canonical identity, and the tokenizer files every checkpoint carries. */
class TokenizerFilesTest {
  static final HadoopFiles FILES = new HadoopFiles(new Configuration());

  @TempDir Path tmp;

  static ShardManifest manifest(String tokenizerPath, BpeTokenizer tok) {
    return new ShardManifest("train", tokenizerPath, tok.sha256(), tok.vocabSize(), tok.eosId(), 32, 2, 1, 32, 1, 100, 20, Map.of(), 1.0, 0,
        null, "2026-12-06T00:00:00Z");
  }

  @Test
  void aPublishedDirectoryMatchesShardsBuiltWithItself() throws Exception {
    Path dir = PublishedGpt2.copyTo(tmp.resolve("gpt2-tiny"));
    ShardManifest m = manifest(dir.toString(), Tokenizers.load(FILES, dir.toString()));

    TokenizerFiles.checkMatch(FILES, dir.toString(), "shards/train", m);

    Path pairOnly = PublishedGpt2.copyTo(tmp.resolve("vocab-merges-only"));
    Files.delete(pairOnly.resolve("tokenizer.json"));
    TokenizerFiles.checkMatch(FILES, pairOnly.toString(), "shards/train", m);
  }

  @Test
  void aDifferentTokenizerIsRefusedNamingBothIdentities() throws Exception {
    Path dir = PublishedGpt2.copyTo(tmp.resolve("gpt2-tiny"));
    BpeTokenizer gpt2 = Gpt2Vocabulary.tokenizer();
    String own = Tokenizers.load(FILES, dir.toString()).sha256();

    assertThatThrownBy(() -> TokenizerFiles.checkMatch(FILES, dir.toString(), "wh/shards/train", manifest("gpt2", gpt2)))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Tokenizer mismatch: shards wh/shards/train were built with gpt2 (sha256 " + gpt2.sha256() + ") but model.init " + dir
            + " has tokenizer.json with sha256 " + own + ": re-run tokenize with tokenize.tokenizer = " + dir);
    Files.delete(dir.resolve("tokenizer.json"));
    assertThatThrownBy(() -> TokenizerFiles.checkMatch(FILES, dir.toString(), "wh/shards/train", manifest("gpt2", gpt2)))
        .hasMessageContaining("has vocab.json + merges.txt with sha256 " + own);
  }

  @Test
  void aModelTokenizerThatCannotBeReadIsAConfigError() throws Exception {
    Path dir = PublishedGpt2.copyTo(tmp.resolve("gpt2-tiny"));
    Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\"}}");

    assertThatThrownBy(() -> TokenizerFiles.checkMatch(FILES, dir.toString(), "shards/train", manifest("gpt2", Gpt2Vocabulary.tokenizer())))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Invalid model.init: " + dir + " (its tokenizer cannot be read: Unsupported tokenizer " + dir
            + "/tokenizer.json: model.type is WordPiece (expected BPE))");
  }

  @Test
  void checkpointsOfTheBuiltInGpt2CarryItsFiles() throws Exception {
    BpeTokenizer gpt2 = Gpt2Vocabulary.tokenizer();

    Map<String, String> files = TokenizerFiles.forCheckpoints(FILES, manifest("gpt2", gpt2), Map.of(), tmp);

    assertThat(files).containsOnlyKeys("tokenizer.json", "vocab.json", "merges.txt");
    Path copy = Files.createDirectories(tmp.resolve("checkpoint"));
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.write(copy.resolve(f.getKey()), FILES.readBytes(f.getValue()));
    }
    assertThat(Tokenizers.load(copy).sha256()).isEqualTo(gpt2.sha256());
    Files.delete(copy.resolve("tokenizer.json"));
    assertThat(Tokenizers.load(copy).encode("Hello world")).containsExactly(15496, 995);
  }

  @Test
  void checkpointsCarryTheShardsTokenizerFilesAsPublished() throws Exception {
    Path dir = PublishedGpt2.copyTo(tmp.resolve("gpt2-tiny"));
    ShardManifest m = manifest(dir.toString(), Tokenizers.load(FILES, dir.toString()));

    Map<String, String> files = TokenizerFiles.forCheckpoints(FILES, m, Map.of(), tmp);

    assertThat(files).containsOnlyKeys(TokenizerFiles.NAMES);
    assertThat(FILES.readString(files.get("tokenizer.json"))).isEqualTo(Files.readString(dir.resolve("tokenizer.json")));
    Map<String, String> init = TokenizerFiles.in(FILES, dir.toString());
    assertThat(TokenizerFiles.forCheckpoints(FILES, manifest("gpt2", Gpt2Vocabulary.tokenizer()), init, tmp)).isSameAs(init);
  }

  @Test
  void tokenizerFilesChangedSinceTokenizeAreRefused() throws Exception {
    Path dir = PublishedGpt2.copyTo(tmp.resolve("gpt2-tiny"));
    BpeTokenizer gpt2 = Gpt2Vocabulary.tokenizer();
    String own = Tokenizers.load(FILES, dir.toString()).sha256();

    assertThatThrownBy(() -> TokenizerFiles.forCheckpoints(FILES, manifest(dir.toString(), gpt2), Map.of(), tmp))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Tokenizer " + dir + " changed since tokenize ran: the shards' manifest records sha256 " + gpt2.sha256()
            + ", the files now give " + own + ": re-run tokenize");
  }
}

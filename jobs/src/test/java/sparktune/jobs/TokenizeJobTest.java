package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.shards.ShardManifest;
import sparktune.shards.Shards;
import sparktune.spark.HadoopFiles;
import sparktune.testing.SharedSpark;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.BpeTrainer;
import sparktune.tokenizer.Gpt2Vocabulary;
import sparktune.tokenizer.MultilingualText;
import sparktune.tokenizer.PreTokenCounts;
import sparktune.tokenizer.Tokenizers;

class TokenizeJobTest {
  static final StructType CLEAN = new StructType()
      .add("doc_id", DataTypes.StringType).add("source", DataTypes.StringType).add("lang", DataTypes.StringType)
      .add("title", DataTypes.StringType).add("text", DataTypes.StringType).add("origin", DataTypes.StringType)
      .add("content_sha256", DataTypes.StringType).add("ingested_at", DataTypes.TimestampType).add("split", DataTypes.StringType);
  static final int BLOCK = 16;

  @TempDir Path warehouse;

  final SparkSession spark = SharedSpark.get();

  /** Documents of three sources; ids deliberately not in insertion order. */
  static List<Row> documents(boolean withSplit) {
    MultilingualText gen = new MultilingualText(7);
    List<Row> rows = new ArrayList<>();
    String[] sources = {"wikibooks", "lyrics", "classics"};
    for (int i = 0; i < 60; i++) {
      String source = sources[i % 3];
      String split = !withSplit ? null : i % 5 == 0 ? "test" : "train";
      rows.add(RowFactory.create(String.format("%08x", (i * 7919) % 1000), source, "en", "t" + i, gen.document(3 + i % 17),
          "o" + i, "sha" + i, new Timestamp(0), split));
    }
    return rows;
  }

  void writeClean(List<Row> rows) {
    spark.createDataFrame(rows, CLEAN).write().format("delta").mode("overwrite").save(warehouse.resolve("clean").toString());
  }

  SparktuneConfig config(String... sets) {
    List<String> all = new ArrayList<>(List.of("sparktune.warehouse=\"" + warehouse + "\"", "tokenize.block-size=" + BLOCK));
    all.addAll(List.of(sets));
    return ConfigLoader.load(ConfigFactory.empty(), all);
  }

  Map<String, byte[]> shardFiles(String split) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(warehouse.resolve("shards").resolve(split))) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void packsEachSourceSeparatelyWithEosSeparatorsAndPaddedTail() throws Exception {
    List<Row> rows = documents(true);
    writeClean(rows);
    JobSummary summary = TokenizeJob.execute(spark, config());
    BpeTokenizer gpt2 = Gpt2Vocabulary.tokenizer();
    int eos = gpt2.eosId();
    String dir = warehouse.resolve("shards/train").toString();
    ShardManifest m = Shards.manifest(HadoopFiles.of(spark), dir);
    List<Row> blocks = Shards.blocks(spark, dir).collectAsList();

    long tokens = 0;
    for (String source : List.of("classics", "lyrics", "wikibooks")) {
      List<Integer> expected = new ArrayList<>();
      rows.stream().filter(r -> r.getString(1).equals(source) && "train".equals(r.getString(8)))
          .sorted(Comparator.comparing((Row r) -> r.getString(0)))
          .forEach(r -> {
            for (int id : gpt2.encode(r.getString(4))) {
              expected.add(id);
            }
            expected.add(eos);
          });
      List<Row> mine = blocks.stream().filter(b -> b.getString(0).equals(source)).sorted(Comparator.comparingLong((Row b) -> b.getLong(1))).toList();
      List<Integer> actual = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        Row b = mine.get(i);
        int[] ids = Shards.ids(b, m.idBytes());
        int length = b.getInt(3);
        assertThat(b.getLong(1)).isEqualTo(i);
        assertThat(ids).hasSize(BLOCK);
        assertThat(length).isEqualTo(i < mine.size() - 1 ? BLOCK : expected.size() - (long) BLOCK * (mine.size() - 1));
        for (int k = 0; k < BLOCK; k++) {
          if (k < length) {
            actual.add(ids[k]);
          } else {
            assertThat(ids[k]).isEqualTo(eos);
          }
        }
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(m.perSource().get(source).get("tokens")).isEqualTo(expected.size());
      assertThat(m.perSource().get(source).get("blocks")).isEqualTo(mine.size());
      tokens += expected.size();
    }
    assertThat(m.tokens()).isEqualTo(tokens);
    assertThat(m.blocks()).isEqualTo(blocks.size());
    assertThat(m.documents()).isEqualTo(rows.stream().filter(r -> "train".equals(r.getString(8))).count());
    assertThat(m.packingEfficiency()).isEqualTo((double) tokens / (blocks.size() * BLOCK));
    assertThat(m.tokenizerPath()).isEqualTo("gpt2");
    assertThat(m.tokenizerSha256()).isEqualTo(gpt2.sha256());
    assertThat(m.vocabSize()).isEqualTo(50257);
    assertThat(m.eosId()).isEqualTo(50256);
    assertThat(m.idBytes()).isEqualTo(2);
    assertThat(m.cleanVersion()).isEqualTo(0);
    assertThat(m.config().path("tokenize").path("block-size").asInt()).isEqualTo(BLOCK);
    assertThat(Shards.manifest(HadoopFiles.of(spark), warehouse.resolve("shards/test").toString()).documents())
        .isEqualTo(rows.stream().filter(r -> "test".equals(r.getString(8))).count());
    assertThat(summary.counts()).containsKeys("train", "test", "clean_version");
  }

  @Test
  void sameInputGivesByteIdenticalShardFiles() throws Exception {
    writeClean(documents(true));
    TokenizeJob.execute(spark, config());
    Map<String, byte[]> first = shardFiles("train");
    Files.delete(warehouse.resolve("shards/train/manifest.json")); // else the second run finds the shards current and skips
    assertThat(TokenizeJob.execute(spark, config()).get("up_to_date")).isEqualTo(false);
    Map<String, byte[]> second = shardFiles("train");
    assertThat(first.keySet()).containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet");
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void aRerunOnTheSameCleanVersionAndSettingsWritesNothingUntilASettingChanges() throws Exception {
    writeClean(documents(true));
    JobSummary first = TokenizeJob.execute(spark, config("tokenize.tokenizer=train", "tokenize.vocab-size=400"));
    Path manifest = warehouse.resolve("shards/train/manifest.json");
    Path tokenizer = warehouse.resolve("tokenizer/tokenizer.json");
    String manifestBefore = Files.readString(manifest);
    var partTime = Files.getLastModifiedTime(warehouse.resolve("shards/train/part-00000.parquet"));
    var tokenizerTime = Files.getLastModifiedTime(tokenizer);

    JobSummary again = TokenizeJob.execute(spark, config("tokenize.tokenizer=train", "tokenize.vocab-size=400"));
    assertThat(again.get("up_to_date")).isEqualTo(true);
    assertThat(again.get("train")).isEqualTo(first.get("train"));
    assertThat(again.get("test")).isEqualTo(first.get("test"));
    assertThat(again.get("tokenizer_sha256")).isEqualTo(first.get("tokenizer_sha256"));
    assertThat(Files.readString(manifest)).isEqualTo(manifestBefore);
    assertThat(Files.getLastModifiedTime(warehouse.resolve("shards/train/part-00000.parquet"))).isEqualTo(partTime);
    assertThat(Files.getLastModifiedTime(tokenizer)).isEqualTo(tokenizerTime);

    // another block size, or a missing shard file, rebuilds
    JobSummary rebuilt = TokenizeJob.execute(spark, config("tokenize.tokenizer=train", "tokenize.vocab-size=400", "tokenize.block-size=32"));
    assertThat(rebuilt.get("up_to_date")).isEqualTo(false);
    assertThat(Shards.manifest(HadoopFiles.of(spark), warehouse.resolve("shards/train").toString()).blockSize()).isEqualTo(32);
    Files.delete(warehouse.resolve("shards/test/part-00000.parquet"));
    assertThat(TokenizeJob.execute(spark, config("tokenize.tokenizer=train", "tokenize.vocab-size=400", "tokenize.block-size=32"))
        .get("up_to_date")).isEqualTo(false);
    assertThat(warehouse.resolve("shards/test/part-00000.parquet")).exists();
  }

  @Test
  void refusesCleanWithoutSplitValuesBeforeWritingAnything() {
    writeClean(documents(false));
    assertThatThrownBy(() -> TokenizeJob.execute(spark, config()))
        .hasMessage("Table " + warehouse.resolve("clean") + " (version 0) has no split values (expected 'train'/'test' in column split): run `sparktune split` first");
    assertThat(warehouse.resolve("shards")).doesNotExist();
  }

  @Test
  void rarePreTokensAreLeftOutOfTokenizerTrainingAboveAMinimumCount() throws Exception {
    writeClean(documents(true));
    JobSummary summary = TokenizeJob.execute(spark, config("tokenize.tokenizer=train", "tokenize.vocab-size=400",
        "tokenize.min-pretoken-count=3"));

    Map<String, Long> all = new java.util.HashMap<>();
    for (Row r : documents(true)) {
      if ("train".equals(r.getString(8))) {
        PreTokenCounts.countInto(r.getString(4), all);
      }
    }
    Map<String, Long> kept = new java.util.HashMap<>(all);
    kept.values().removeIf(c -> c < 3);
    assertThat(kept).isNotEmpty().hasSizeLessThan(all.size());
    assertThat(summary.get("tokenizer_training")).isEqualTo(Map.of("distinct_pretokens", (long) all.size(),
        "pretokens_kept", kept.size(), "pretoken_occurrences_dropped", all.values().stream().filter(c -> c < 3).mapToLong(Long::longValue).sum()));
    // the tokenizer is the one trained on exactly the kept counts
    assertThat(Tokenizers.load(warehouse.resolve("tokenizer/tokenizer.json")).sha256()).isEqualTo(BpeTrainer.train(kept, 400).sha256());
  }

  @Test
  void trainedTokenizerIsWrittenToTheWarehouseAndRecorded() throws Exception {
    writeClean(documents(true));
    TokenizeJob.execute(spark, config("tokenize.tokenizer=train", "tokenize.vocab-size=400"));
    Path json = warehouse.resolve("tokenizer/tokenizer.json");
    BpeTokenizer trained = Tokenizers.load(json);
    ShardManifest m = Shards.manifest(HadoopFiles.of(spark), warehouse.resolve("shards/train").toString());
    assertThat(m.tokenizerPath()).isEqualTo(json.toString());
    assertThat(m.tokenizerSha256()).isEqualTo(trained.sha256());
    assertThat(m.vocabSize()).isEqualTo(400);
    assertThat(m.eosId()).isEqualTo(399);
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(false).optTruncation(false).build()) {
      for (Row r : documents(true)) {
        long[] expected = hf.encode(r.getString(4)).getIds();
        assertThat(Arrays.stream(trained.encode(r.getString(4))).asLongStream().toArray()).isEqualTo(expected);
      }
    }
  }
}

package sparktune.jobs;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.SparktuneConfig;
import sparktune.config.TokenizeConfig;
import sparktune.shards.BlockCodec;
import sparktune.shards.ShardManifest;
import sparktune.shards.ShardSchema;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.BpeTrainer;
import sparktune.tokenizer.PreTokenCounts;
import sparktune.tokenizer.TokenizerCache;
import sparktune.tokenizer.Tokenizers;

/**
 * {@code sparktune tokenize}: clean (at its current Delta version) -> {@code shards/{train,test}/}
 * Parquet blocks plus {@code manifest.json}, with the configured tokenizer (GPT-2, a model's, or
 * one trained here on the train split). Writes nothing when the shards are already current
 * ({@link ShardFreshness}).
 */
public final class TokenizeJob {
  static final List<String> SPLITS = List.of("train", "test");

  private TokenizeJob() {}

  public static JobSummary execute(SparkSession spark, SparktuneConfig config) {
    Warehouse wh = Warehouse.of(config.warehouse());
    HadoopFiles files = HadoopFiles.of(spark);
    TokenizeConfig tc = config.tokenize();
    String cleanPath = wh.clean();
    if (!DeltaTable.isDeltaTable(spark, cleanPath)) {
      throw new IllegalStateException("No clean table at " + cleanPath + ": run `sparktune clean` and `sparktune split` first");
    }
    long version = DeltaTable.forPath(spark, cleanPath).history(1).select("version").head().getLong(0);
    Dataset<Row> clean = spark.read().format("delta").option("versionAsOf", version).load(cleanPath);
    requireSplit(clean, cleanPath, version);

    boolean train = tc.tokenizer().equals(TokenizeConfig.TRAIN);
    String trainedPath = wh.tokenizer() + "/" + Tokenizers.TOKENIZER_JSON;
    BpeTokenizer given = train ? null : Tokenizers.load(files, tc.tokenizer());
    String currentSha = given != null ? given.sha256() : files.exists(trainedPath) ? Tokenizers.load(files, trainedPath).sha256() : null;
    List<ShardManifest> current = ShardFreshness.current(files, wh, SPLITS, version, JobSummary.parse(config.toJson()).get("tokenize"), currentSha);
    if (current != null) {
      return upToDate(wh, current);
    }

    String tokenizerPath;
    BpeTokenizer tokenizer;
    Map<String, Object> training = null;
    if (train) {
      PreTokenCounts.Counted counted = PreTokenCounts.count(clean.filter(col("split").equalTo("train")), "text", tc.minPretokenCount());
      training = new LinkedHashMap<>();
      training.put("distinct_pretokens", counted.distinct());
      training.put("pretokens_kept", counted.counts().size());
      training.put("pretoken_occurrences_dropped", counted.droppedOccurrences());
      tokenizer = BpeTrainer.train(counted.counts(), tc.vocabSize());
      tokenizerPath = trainedPath;
      files.writeString(tokenizerPath, tokenizer.toJson());
    } else {
      tokenizer = given;
      tokenizerPath = tc.tokenizer();
    }
    int eos = tokenizer.eosId();
    if (eos < 0) {
      throw new IllegalArgumentException("Tokenizer " + tokenizerPath + " has no <|endoftext|> or other special token to separate documents");
    }
    int idBytes = BlockCodec.idBytes(tokenizer.vocabSize());
    TokenizerCache.put(tokenizer);
    Broadcast<String> json = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(tokenizer.toJson());

    JobSummary summary = new JobSummary("tokenize").outputDir(wh.resolve("shards"));
    summary.put("up_to_date", false).put("clean_version", version).put("tokenizer", tokenizerPath)
        .put("tokenizer_sha256", tokenizer.sha256()).put("vocab_size", tokenizer.vocabSize());
    if (training != null) {
      summary.put("tokenizer_training", training);
    }
    for (String split : SPLITS) {
      Dataset<Row> docs = clean.filter(col("split").equalTo(split)).select("doc_id", "source", "text");
      List<String> sources = docs.select("source").distinct().sort("source").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      String dir = wh.shards(split);
      JavaRDD<Row> blocks = ShardPacking.blocks(docs, sources, json, tokenizer.sha256(), tc.blockSize(), eos, idBytes);
      ShardPacking.write(spark, files, blocks, dir, tc.rowGroupBytes());
      Map<String, Map<String, Long>> perSource = ShardPacking.perSource(spark, docs, dir);
      ShardManifest m = manifest(split, tokenizerPath, tokenizer, eos, tc.blockSize(), idBytes, perSource, version, config);
      files.writeString(dir + "/" + ShardManifest.FILE, m.toJson());
      summary.put(split, counts(m));
    }
    return summary;
  }

  /** The summary of shards that are already current ({@link ShardFreshness}): nothing is written. */
  static JobSummary upToDate(Warehouse wh, List<ShardManifest> current) {
    ShardManifest first = current.get(0);
    JobSummary summary = new JobSummary("tokenize").outputDir(wh.resolve("shards"));
    summary.put("up_to_date", true).put("clean_version", first.cleanVersion()).put("tokenizer", first.tokenizerPath())
        .put("tokenizer_sha256", first.tokenizerSha256()).put("vocab_size", first.vocabSize());
    current.forEach(m -> summary.put(m.split(), counts(m)));
    return summary;
  }

  private static Map<String, Object> counts(ShardManifest m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("documents", m.documents());
    s.put("tokens", m.tokens());
    s.put("blocks", m.blocks());
    s.put("packing_efficiency", m.packingEfficiency());
    return s;
  }

  /** Stops before writing anything when split has not run on clean. */
  static void requireSplit(Dataset<Row> clean, String path, long version) {
    boolean hasColumn = List.of(clean.columns()).contains("split");
    if (!hasColumn || clean.filter(col("split").isin(SPLITS.toArray())).limit(1).count() == 0) {
      throw new IllegalStateException("Table " + path + " (version " + version + ") has no split values (expected 'train'/'test' in column split): run `sparktune split` first");
    }
  }

  static ShardManifest manifest(String split, String tokenizerPath, BpeTokenizer tok, int eos, int blockSize, int idBytes,
      Map<String, Map<String, Long>> perSource, long version, SparktuneConfig config) {
    long blocks = 0, tokens = 0, documents = 0, bytes = 0, words = 0;
    for (Map<String, Long> c : perSource.values()) {
      blocks += c.get("blocks");
      tokens += c.get("tokens");
      documents += c.get("documents");
      bytes += c.get("bytes");
      words += c.get("words");
    }
    double efficiency = blocks == 0 ? 0 : (double) tokens / (blocks * (double) blockSize);
    return new ShardManifest(split, tokenizerPath, tok.sha256(), tok.vocabSize(), eos, blockSize, idBytes, blocks, tokens,
        documents, bytes, words, perSource, efficiency, version, JobSummary.parse(config.toJson()), Instant.now().toString());
  }

  static List<String> splits() {
    return new ArrayList<>(SPLITS);
  }
}

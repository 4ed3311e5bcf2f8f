package sparktune.bench;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.jobs.JobRunner;
import sparktune.jobs.Stages;
import sparktune.samples.SampleCorpora;
import sparktune.spark.LocalTree;
import sparktune.spark.SparkSessions;
import sparktune.spark.Warehouse;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.Gpt2Vocabulary;
import sparktune.tokenizer.MultilingualText;
import sparktune.tokenizer.TokenizerJson;

/**
 * {@code bench prepare [--size 200MB]}: generates sample corpora of that size, runs ingest, clean,
 * split and tokenize (GPT-2 tokenizer) in local mode on every core, and reports the tokenize
 * stage's clean-text MB/s per core next to the raw tokenizer's single-thread MB/s on the same clean
 * text, the whole prepare's input MB/s per core, and peak memory (JVM heap and process RSS), so two
 * sizes show whether memory stays flat as the input grows. It then times a refresh of unchanged
 * sources and one after 1 % of the documents were added, edited or deleted ({@link SampleChanges}),
 * stage by stage, each against the first pass. MB = 10^6 bytes.
 */
public final class PrepareBench implements Benchmark {
  private static final long RAW_SAMPLE_BYTES = 20_000_000;

  @Override
  public Map<String, Object> run(SparktuneConfig base, BenchArgs args, PrintStream err) throws Exception {
    long size = ConfigFactory.parseString("size = " + args.option("size", "200MB")).getBytes("size");
    int cores = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("sparktune-bench-prepare");
    Path samples = dir.resolve("samples");
    err.println("bench prepare: generating " + size + " bytes of samples in " + samples);
    SampleCorpora.Report report = SampleCorpora.write(samples, size, 42, err);
    SparktuneConfig config = ConfigLoader.load(ConfigLoader.resource("local.conf"), List.of(
        "sparktune.warehouse=\"" + dir.resolve("warehouse") + "\"",
        "sparktune.spark.master=\"local[" + cores + "]\"",
        "sparktune.spark.shuffle-partitions=" + 2 * cores,
        "sparktune.sources=[{name=wikibooks, type=wikibooks-sqlite, path=\"" + samples.resolve("wikibooks.sqlite") + "\", tables=[en, ru, es]},"
            + "{name=lyrics, type=lyrics-json, path=\"" + samples.resolve("lyrics") + "\", lang=en},"
            + "{name=lyrics-csv, type=lyrics-csv, path=\"" + samples.resolve("lyrics-csv") + "\", lang=es},"
            + "{name=classics, type=text-dir, path=\"" + samples.resolve("classics") + "\"}]",
        "tokenize.tokenizer=gpt2", "tokenize.block-size=1024"));

    Map<String, Object> seconds;
    Map<String, Object> refreshSeconds;
    Map<String, Object> changedSeconds;
    Map<String, Long> changes;
    SparkSession spark = SparkSessions.create(config);
    long cleanBytes;
    List<String> rawSample;
    try {
      seconds = stages(spark, config, "", err);
      // a scheduled refresh on unchanged sources: what every stage costs when there is nothing new
      refreshSeconds = stages(spark, config, "refresh ", err);
      // a refresh after 1 % of the documents were added, edited or deleted
      changes = SampleChanges.apply(samples, 0.01);
      err.println("bench prepare: changed documents " + changes);
      changedSeconds = stages(spark, config, "1% refresh ", err);
      String clean = Warehouse.of(config.warehouse()).clean();
      cleanBytes = spark.read().format("delta").load(clean)
          .selectExpr("sum(octet_length(text))").first().getLong(0);
      rawSample = spark.read().format("delta").load(clean).select("text").orderBy("doc_id")
          .limit(100_000).collectAsList().stream().map((Row r) -> r.getString(0)).toList();
    } finally {
      spark.stop();
    }

    // The raw tokenizer, one thread, one pass over (a prefix of) the same clean text, starting with
    // an empty pre-token cache as a tokenize task does; the JIT is warmed on other text first.
    String json = Gpt2Vocabulary.tokenizer().toJson();
    BpeTokenizer warm = TokenizerJson.read(json, "gpt2");
    MultilingualText other = new MultilingualText(7);
    warm.encode(other.corpus(3_000_000));
    BpeTokenizer gpt2 = TokenizerJson.read(json, "gpt2");
    long rawBytes = 0;
    int docs = 0;
    for (String d : rawSample) {
      if (rawBytes >= RAW_SAMPLE_BYTES) {
        break;
      }
      rawBytes += d.getBytes(StandardCharsets.UTF_8).length;
      docs++;
    }
    List<String> measured = rawSample.subList(0, docs);
    long t0 = System.nanoTime();
    long tokens = 0;
    for (String d : measured) {
      tokens += gpt2.encode(d).length;
    }
    double rawSeconds = (System.nanoTime() - t0) / 1e9;

    double tokenizeMbPerCore = cleanBytes / 1e6 / (double) seconds.get("tokenize") / cores;
    double rawMbPerSecond = rawBytes / 1e6 / rawSeconds;
    double total = seconds.values().stream().mapToDouble(v -> (double) v).sum();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("size_bytes", report.bytes());
    out.put("clean_bytes", cleanBytes);
    out.put("cores", cores);
    out.put("seconds", seconds);
    out.put("refresh_seconds", refreshSeconds);
    out.put("changed_documents", changes);
    out.put("changed_refresh_seconds", changedSeconds);
    out.put("total_seconds", Map.of("first_pass", round(total), "refresh", round(sum(refreshSeconds)), "changed_refresh", round(sum(changedSeconds))));
    out.put("refresh_vs_first_pass", round(sum(refreshSeconds) / total));
    out.put("changed_refresh_vs_first_pass", round(sum(changedSeconds) / total));
    out.put("tokenize_mb_per_s_per_core", round(tokenizeMbPerCore));
    out.put("raw_tokenizer_mb_per_s", round(rawMbPerSecond));
    out.put("raw_tokenizer_tokens_per_s", Math.round(tokens / rawSeconds));
    out.put("tokenize_vs_raw_per_core", round(tokenizeMbPerCore / rawMbPerSecond));
    out.put("prepare_mb_per_s_per_core", round(report.bytes() / 1e6 / total / cores));
    out.put("peak_heap_mb_sum_of_pools", peakHeapMb());
    out.put("peak_rss_mb", peakRssMb());
    LocalTree.delete(dir);
    return out;
  }

  /** Runs the four data stages in order; seconds per stage. */
  private static Map<String, Object> stages(SparkSession spark, SparktuneConfig config, String label, PrintStream err) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Map<String, Object> seconds = new LinkedHashMap<>();
    for (String stage : Stages.PREPARE) {
      err.println("bench prepare: " + label + stage);
      long t0 = System.nanoTime();
      JobRunner.run(stage, Stages.find(stage).orElseThrow(), spark, config, quiet);
      seconds.put(stage, round((System.nanoTime() - t0) / 1e9));
    }
    return seconds;
  }

  private static double sum(Map<String, Object> seconds) {
    return seconds.values().stream().mapToDouble(v -> (double) v).sum();
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  /** VmHWM of this process (heap, native and PyTorch memory together); -1 where /proc is absent. */
  private static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}

package sparktune.jobs;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigError;
import sparktune.config.EvalConfig;
import sparktune.config.SparktuneConfig;
import sparktune.eval.EvalKeys;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;
import sparktune.eval.EvalTargets;
import sparktune.eval.GeneratedText;
import sparktune.evaluate.EntropyComparison;
import sparktune.evaluate.EvalReportWriter;
import sparktune.evaluate.EvalSettings;
import sparktune.evaluate.EvalTable;
import sparktune.evaluate.GenerationTask;
import sparktune.evaluate.SweepUnit;
import sparktune.evaluate.UnitEvaluation;
import sparktune.generate.DecodingConfig;
import sparktune.model.HfModelDir;
import sparktune.model.ModelDirChecksums;
import sparktune.shards.ShardManifest;
import sparktune.shards.Shards;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;

/**
 * {@code sparktune evaluate}: exact held-out perplexity over shards/test and a generation sweep
 * (models x checkpoints x decoding configs x sources) in Spark, computing only the keys the eval
 * Delta table lacks and merging them one (model, checkpoint) unit at a time;
 * {@code runs/<run>/report.html} rendered from the table.
 */
public final class EvaluateJob {
  private EvaluateJob() {}

  public static JobSummary execute(SparkSession spark, SparktuneConfig config) throws Exception {
    Warehouse wh = Warehouse.of(config.warehouse());
    HadoopFiles files = HadoopFiles.of(spark);
    EvalConfig ev = config.eval();
    List<DecodingConfig> decodings = decodings(ev);
    EntropyComparison.check(files, config);
    String testDir = wh.shards("test");
    ShardManifest manifest = Shards.manifest(files, testDir);
    String manifestHash = sha256(files.readString(Shards.manifestPath(testDir)));
    String run = config.train().run();
    String runDir = wh.run(run);
    EvalTargets targets = EvalTargets.resolve(ev, runDir, config.model().init(), files);
    Map<String, String> hadoop = hadoopSettings(spark);
    for (EvalTarget t : targets.all()) {
      ModelDirChecksums.verify(t.dir(), spark.sparkContext().hadoopConfiguration());
      int vocab = HfModelDir.readConfig(t.dir(), spark.sparkContext().hadoopConfiguration()).vocabSize();
      if (vocab < manifest.vocabSize()) {
        throw new IllegalArgumentException("Model " + t.dir() + " has vocab_size " + vocab + " but the test shards were tokenized with "
            + manifest.vocabSize() + " tokens (" + manifest.tokenizerPath() + "): evaluate models that share the shards' tokenizer");
      }
    }
    EvalSettings settings = new EvalSettings(hadoop, manifest.tokenizerPath(), manifest.idBytes(), ev.stride(), ev.batchSize(),
        ev.maxNewTokens(), ev.embeddingModel(), ev.generationBatchSize());
    String entropySha = ev.entropyFile().isEmpty() ? "" : sha256(files.readString(ev.entropyFile()));
    EvalTable.prepare(spark, wh.eval());
    List<SweepUnit> units = SweepUnit.plan(targets.all(), files, manifestHash, ev, decodings, entropySha,
        ev.recompute() ? Set.of() : EvalTable.computed(spark, wh.eval(), config.train().run()));
    Timestamp now = Timestamp.from(Instant.now());

    // the manifest sits beside the Parquet files
    Dataset<Row> blocks = Shards.blocks(spark, testDir);
    UnitEvaluation unitEval = new UnitEvaluation(spark, config, manifest, manifestHash, blocks, settings, decodings, now);
    List<GeneratedText> generated = new ArrayList<>();
    List<String> done = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    long rowsWritten = 0;
    for (SweepUnit u : units) {
      if (u.upToDate()) {
        skipped.add(u.label());
        continue;
      }
      try {
        UnitEvaluation.Result r = unitEval.run(u);
        EvalTable.merge(spark, wh.eval(), r.rows());
        generated.addAll(r.generated());
        rowsWritten += r.rows().size();
        done.add(u.label());
        System.err.println("evaluate: " + u.label() + ": " + r.rows().size() + " rows committed");
      } catch (Exception e) {
        failed.put(u.label(), String.valueOf(e.getMessage()));
        System.err.println("evaluate: " + u.label() + " failed: " + e);
      }
    }
    Set<String> settingsKeys = new HashSet<>(SweepUnit.generationKeys(ev, decodings).values());
    settingsKeys.add(EvalKeys.perplexity(ev, entropySha));
    List<EvalRow> rows = currentRows(spark, wh.eval(), config.train().run(), units, manifestHash, settingsKeys);
    String report = EvalReportWriter.write(spark, files, wh, run, runDir, manifestHash, now, targets, generated, ev.compareRuns(),
        decodings.isEmpty() ? "" : decodings.get(0).name());

    JobSummary summary = new JobSummary("evaluate").outputDir(wh.eval())
        .put("targets", targets.all().size())
        .put("decodings", decodings.size())
        .put("units_done", done.size())
        .put("units_skipped", skipped.size())
        .put("units_failed", failed.size())
        .put("generations", generated.size())
        .put("rows_written", rowsWritten)
        .put("report", report);
    if (!failed.isEmpty()) {
      throw new IllegalStateException("evaluate: " + failed.size() + " of " + units.size() + " units failed (units_done " + done.size()
          + ", units_skipped " + skipped.size() + "; rerun evaluate to retry only these): " + failed);
    }
    Map<String, Object> ppl = new LinkedHashMap<>();
    rows.stream().filter(r -> r.metric().equals("perplexity") && r.source().equals(EvalRow.ALL))
        .forEach(r -> ppl.put(r.model() + "@" + r.checkpoint(), Math.round(r.value() * 1000) / 1000.0));
    summary.put("perplexity", ppl);
    if (targets.before() != null) {
      summary.put("before_after", comparison(rows, targets.before(), targets.after()));
    }
    return summary;
  }

  /** The table's rows of this sweep's units (their weights, checkpoints, test data and settings), whenever they were computed. */
  static List<EvalRow> currentRows(SparkSession spark, String evalTable, String run, List<SweepUnit> units, String manifestHash,
      Set<String> settingsKeys) {
    Set<List<String>> wanted = new HashSet<>();
    units.forEach(u -> wanted.add(List.of(u.modelSha256(), u.target().checkpoint())));
    return spark.read().format("delta").load(evalTable).filter(col("shards_manifest_hash").equalTo(manifestHash).and(col("run").equalTo(run)))
        .collectAsList().stream()
        .map(EvalRow::fromRow).filter(r -> wanted.contains(List.of(r.modelSha256(), r.checkpoint())) && settingsKeys.contains(r.settingsJson()))
        .toList();
  }

  /** Whole-split perplexity and bits per byte, and greedy distinct-2, before and after fine-tuning: {metric: [before, after]}. */
  static Map<String, Object> comparison(List<EvalRow> rows, EvalTarget before, EvalTarget after) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("before", before.model() + "@" + before.checkpoint());
    out.put("after", after.model() + "@" + after.checkpoint());
    for (String key : List.of("/perplexity", "/bits-per-byte", "/word-perplexity", "greedy/distinct-2", "greedy/repetition-4", "greedy/coherence")) {
      String decoding = key.substring(0, key.indexOf('/'));
      String metric = key.substring(key.indexOf('/') + 1);
      Double[] pair = new Double[2];
      for (EvalRow r : rows) {
        if (r.source().equals(EvalRow.ALL) && r.decoding().equals(decoding) && r.metric().equals(metric)) {
          int side = r.model().equals(before.model()) && r.checkpoint().equals(before.checkpoint()) ? 0
              : r.model().equals(after.model()) && r.checkpoint().equals(after.checkpoint()) ? 1 : -1;
          if (side >= 0) {
            pair[side] = Math.round(r.value() * 10000) / 10000.0;
          }
        }
      }
      if (pair[0] != null || pair[1] != null) {
        out.put(decoding.isEmpty() ? metric : key, java.util.Arrays.asList(pair)); // null where a side has no row
      }
    }
    return out;
  }

  /** Parses eval.decoding; a bad entry stops the job before any output. */
  static List<DecodingConfig> decodings(EvalConfig ev) {
    List<DecodingConfig> out = new ArrayList<>();
    for (int i = 0; i < ev.decoding().size(); i++) {
      try {
        out.add(DecodingConfig.fromConfig(ev.decoding().get(i), "eval.decoding[" + i + "]"));
      } catch (IllegalArgumentException e) {
        throw new ConfigError(e.getMessage());
      }
    }
    if (out.stream().map(DecodingConfig::name).distinct().count() != out.size() || out.stream().anyMatch(d -> d.name().equals(GenerationTask.REFERENCE))) {
      throw ConfigError.invalid("eval.decoding", out.stream().map(DecodingConfig::name).toList(), "names must be unique and not 'reference'");
    }
    return out;
  }

  /** The Hadoop file system settings executors need to read model directories (fs.*). */
  private static Map<String, String> hadoopSettings(SparkSession spark) {
    Map<String, String> out = new LinkedHashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> {
      if (e.getKey().startsWith("fs.")) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}

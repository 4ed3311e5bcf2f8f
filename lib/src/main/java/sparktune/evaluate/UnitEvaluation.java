package sparktune.evaluate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.config.SparktuneConfig;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;
import sparktune.eval.EvalTargets;
import sparktune.eval.GeneratedText;
import sparktune.eval.Prompts;
import sparktune.evaluate.EvalSettings;
import sparktune.evaluate.GenerationTask;
import sparktune.generate.DecodingConfig;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.spark.TaskProgress;

/**
 * Computes the missing rows of one {@link SweepUnit}: perplexity (and matched-document entropy)
 * over the test shards, and the generations of the decodings it still lacks, each a Spark job over
 * that one model. Prompts are cut from the shards once per sweep.
 */
public final class UnitEvaluation {
  /** A unit's rows, keyed, and the continuations behind its generation rows. */
  public record Result(List<EvalRow> rows, List<GeneratedText> generated) {}

  private final SparkSession spark;
  private final SparktuneConfig config;
  private final ShardManifest manifest;
  private final String manifestHash;
  private final Dataset<Row> blocks;
  private final EvalSettings settings;
  private final List<DecodingConfig> decodings;
  private final Timestamp now;
  private Map<String, List<Prompts.Prompt>> prompts;
  private List<int[]> fixed;

  public UnitEvaluation(SparkSession spark, SparktuneConfig config, ShardManifest manifest, String manifestHash, Dataset<Row> blocks,
      EvalSettings settings, List<DecodingConfig> decodings, Timestamp now) {
    this.spark = spark;
    this.config = config;
    this.manifest = manifest;
    this.manifestHash = manifestHash;
    this.blocks = blocks;
    this.settings = settings;
    this.decodings = decodings;
    this.now = now;
  }

  public Result run(SweepUnit u) throws Exception {
    EvalTarget t = u.target();
    String run = config.train().run();
    int parallelism = spark.sparkContext().defaultParallelism();
    List<EvalRow> rows = new ArrayList<>();
    if (u.perplexityKey() != null) {
      Dataset<Row> target = spark.createDataFrame(List.of(RowFactory.create(t.dir())), new StructType().add("dir", DataTypes.StringType, false));
      List<Row> sums;
      try (TaskProgress p = TaskProgress.start(spark, "evaluate perplexity " + u.label(), System.err)) {
        sums = EvalDatasets.perplexitySums(blocks, target, settings, parallelism).collectAsList();
      }
      double nll = 0;
      long tokens = 0;
      for (Row r : sums) {
        Map<String, Long> counts = manifest.perSource().getOrDefault(r.getString(1), Map.of());
        rows.addAll(EvalDatasets.perplexityRows(t, r.getString(1), r.getDouble(2), r.getLong(3), counts.getOrDefault("bytes", 0L),
            counts.getOrDefault("words", 0L), run, manifestHash, now));
        nll += r.getDouble(2);
        tokens += r.getLong(3);
      }
      if (!sums.isEmpty()) {
        rows.addAll(EvalDatasets.perplexityRows(t, EvalRow.ALL, nll, tokens, manifest.bytes(), manifest.words(), run, manifestHash, now));
      }
      rows.addAll(EntropyComparison.rows(spark, config, new EvalTargets(List.of(t), null, null), settings, run, manifestHash, now));
      rows.replaceAll(r -> r.withKey(u.modelSha256(), u.perplexityKey()));
    }
    List<GeneratedText> generated = List.of();
    if (!u.generationKeys().isEmpty()) {
      List<DecodingConfig> todo = decodings.stream().filter(d -> u.generationKeys().containsKey(d.name())).toList();
      Dataset<Row> tasks = EvalPrompts.tasks(spark, prompts(), fixed(), todo, u.generationKeys().containsKey(GenerationTask.REFERENCE),
          List.of(t.dir()));
      try (TaskProgress p = TaskProgress.start(spark, "evaluate generation " + u.label(), System.err)) {
        generated = EvalDatasets.generations(tasks, settings, parallelism).collectAsList().stream().map(EvalDatasets::generatedText).toList();
      }
      for (EvalRow r : EvalDatasets.generationRows(generated, Map.of(t.dir(), t), run, manifestHash, now, decodings)) {
        rows.add(r.withKey(u.modelSha256(), u.generationKeys().get(r.decoding())));
      }
    }
    return new Result(rows, generated);
  }

  private Map<String, List<Prompts.Prompt>> prompts() {
    if (prompts == null) {
      prompts = config.eval().prompts() > 0 ? EvalPrompts.prompts(blocks, manifest, config.eval()) : Map.of();
    }
    return prompts;
  }

  private List<int[]> fixed() {
    if (fixed == null) {
      fixed = EvalPrompts.fixedPrompts(HadoopFiles.of(spark), manifest, config.eval());
    }
    return fixed;
  }
}

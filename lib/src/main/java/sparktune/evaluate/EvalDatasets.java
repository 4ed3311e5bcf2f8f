package sparktune.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;
import sparktune.eval.GeneratedText;
import sparktune.eval.MetricValue;
import sparktune.eval.Perplexity;
import sparktune.generate.DecodingConfig;

/** The evaluation's Spark work (perplexity sums, generations) and the eval-table rows made from their results. */
public final class EvalDatasets {
  private EvalDatasets() {}

  /**
   * Exact NLL sums per model and source, over every real token of every test block.
   * <pre>
   * dir STRING | source STRING | nll DOUBLE (nats) | tokens LONG
   * /wh/runs/run/checkpoints/step-500 | classics | 51234.8 | 18230
   * </pre>
   */
  public static Dataset<Row> perplexitySums(Dataset<Row> blocks, Dataset<Row> targets, EvalSettings settings, int parallelism) {
    Dataset<Row> work = targets.crossJoin(blocks.select("source", "ids", "length")).select("dir", "source", "ids", "length");
    if (work.rdd().getNumPartitions() < parallelism) {
      work = work.repartition(parallelism);
    }
    EvalSettings s = settings;
    return work.sortWithinPartitions("dir")
        .mapPartitions((MapPartitionsFunction<Row, Row>) it -> PerplexityTask.run(it, s), Encoders.row(PerplexityTask.OUTPUT))
        .groupBy("dir", "source").agg(sum("nll").as("nll"), sum("tokens").as("tokens"))
        .orderBy(col("dir"), col("source"));
  }

  /**
   * One generated continuation per task row.
   * <pre>
   * dir | decoding | source | prompt_index | prompt_text | text | new_tokens | coherence_sum | coherence_pairs | embedder
   * </pre>
   */
  public static Dataset<Row> generations(Dataset<Row> tasks, EvalSettings settings, int parallelism) {
    EvalSettings s = settings;
    return tasks.repartition(Math.max(1, parallelism)).sortWithinPartitions("dir", "decoding")
        .mapPartitions((MapPartitionsFunction<Row, Row>) it -> GenerationTask.run(it, s), Encoders.row(GenerationTask.OUTPUT));
  }

  /** Perplexity rows of one model and source; bytes and words of the same text come from the manifest. */
  public static List<EvalRow> perplexityRows(EvalTarget t, String source, double nll, long tokens, long bytes, long words, String run, String hash,
      Timestamp now) {
    List<EvalRow> out = new ArrayList<>();
    for (MetricValue m : Perplexity.metrics(nll, tokens, bytes, words)) {
      out.add(new EvalRow(run, t.model(), t.checkpoint(), source, "", "", m.metric(), m.value(), m.n(), "", hash, now));
    }
    return out;
  }

  public static List<EvalRow> generationRows(List<GeneratedText> texts, Map<String, EvalTarget> byDir, String run, String hash, Timestamp now,
      List<DecodingConfig> decodings) {
    Map<String, String> json = new LinkedHashMap<>();
    decodings.forEach(d -> json.put(d.name(), d.toJson()));
    Map<List<String>, List<GeneratedText>> groups = new LinkedHashMap<>();
    for (GeneratedText g : texts) {
      groups.computeIfAbsent(List.of(g.dir(), g.decoding(), g.source()), k -> new ArrayList<>()).add(g);
      if (!g.source().equals(EvalRow.FIXED_PROMPTS)) { // "all" pools the held-out prompts only
        groups.computeIfAbsent(List.of(g.dir(), g.decoding(), EvalRow.ALL), k -> new ArrayList<>()).add(g);
      }
    }
    List<EvalRow> out = new ArrayList<>();
    groups.forEach((k, group) -> {
      EvalTarget t = byDir.get(k.get(0));
      String embedder = group.get(0).embedder();
      for (MetricValue m : GeneratedText.metrics(group)) {
        out.add(new EvalRow(run, t.model(), t.checkpoint(), k.get(2), k.get(1), json.getOrDefault(k.get(1), ""), m.metric(), m.value(), m.n(),
            embedder, hash, now));
      }
    });
    return out;
  }

  public static GeneratedText generatedText(Row r) {
    return new GeneratedText(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5), r.getInt(6),
        r.getDouble(7), r.getLong(8), r.getString(9));
  }
}

package sparktune.evaluate;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;
import sparktune.eval.EvalTargets;
import sparktune.eval.GeneratedText;
import sparktune.evaluate.GenerationTask;
import sparktune.report.HtmlReport;
import sparktune.report.ReportInput;
import sparktune.report.RunComparison;
import sparktune.report.Sample;
import sparktune.run.MetricsLog;
import sparktune.run.RunFolder;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;

/**
 * Writes {@code runs/<run>/generations.jsonl} and {@code runs/<run>/report.html} after an evaluation,
 * and with {@code eval.compare-runs} the comparison plots {@code compare-*.png} beside them.
 */
public final class EvalReportWriter {
  /** Prompts per source shown in the report's sample table. */
  public static final int SAMPLES_PER_SOURCE = 3;

  private EvalReportWriter() {}

  /** Returns the report's path. */
  public static String write(SparkSession spark, HadoopFiles files, Warehouse wh, String run, String runDir, String manifestHash, Timestamp now,
      EvalTargets targets, List<GeneratedText> generated, List<String> compareRuns, String compareDecoding) throws Exception {
    ObjectMapper json = new ObjectMapper();
    generated = withEarlier(files, runDir + "/generations.jsonl", generated, targets, json);
    StringBuilder lines = new StringBuilder();
    for (GeneratedText g : generated) {
      lines.append(json.writeValueAsString(g)).append('\n');
    }
    files.writeString(runDir + "/generations.jsonl", lines.toString());

    MetricsLog training = new MetricsLog(files, RunFolder.metrics(runDir));
    training.loadUpTo(Long.MAX_VALUE);
    List<String> runsRead = new ArrayList<>(List.of(run));
    compareRuns.stream().filter(r -> !r.equals(run)).forEach(runsRead::add);
    Map<String, List<EvalRow>> newest = newestRows(spark, wh.eval(), runsRead); // one read of the table
    List<EvalRow> rows = newest.get(run);
    List<String> notes = new ArrayList<>();
    notes.add("Perplexity = exp(sum of token NLL / scored tokens) over every real token of the test blocks except each block's"
        + " first (no context); bits/byte and word perplexity divide the same NLL by the manifest's UTF-8 bytes and words.");
    RunComparison runs = null;
    if (!compareRuns.isEmpty()) {
      Map<String, List<EvalRow>> byRun = new LinkedHashMap<>();
      compareRuns.forEach(r -> byRun.put(r, newest.get(r)));
      runs = RunComparison.of(byRun, compareDecoding);
    }
    if (runs != null && !runs.points().isEmpty()) {
      files.writeBytes(runDir + "/compare-perplexity.png", runs.perplexityPng());
      if (!compareDecoding.isEmpty()) {
        files.writeBytes(runDir + "/compare-generation.png", runs.generationPng());
      }
    }
    ReportInput input = new ReportInput(run, now.toInstant().toString(), manifestHash, training.rows(), rows,
        samples(generated, targets), targets.before(), targets.after(), notes, runs, wh.root(), compareDecoding);
    String path = runDir + "/report.html";
    files.writeString(path, HtmlReport.render(input));
    return path;
  }

  /**
   * This sweep's continuations and, for (model, decoding) pairs it did not compute because the eval
   * table was up to date, the earlier ones from {@code path}, so the file and the report's samples
   * cover every target.
   */
  public static List<GeneratedText> withEarlier(HadoopFiles files, String path, List<GeneratedText> generated, EvalTargets targets, ObjectMapper json)
      throws Exception {
    if (!files.exists(path)) {
      return generated;
    }
    java.util.Set<String> dirs = new java.util.HashSet<>();
    targets.all().forEach(t -> dirs.add(t.dir()));
    java.util.Set<List<String>> fresh = new java.util.HashSet<>();
    generated.forEach(g -> fresh.add(List.of(g.dir(), g.decoding())));
    List<GeneratedText> out = new ArrayList<>();
    for (String line : files.readString(path).split("\n")) {
      if (!line.isBlank()) {
        GeneratedText g = json.readValue(line, GeneratedText.class);
        if (dirs.contains(g.dir()) && !fresh.contains(List.of(g.dir(), g.decoding()))) {
          out.add(g);
        }
      }
    }
    out.addAll(generated);
    return out;
  }

  /** Each run's eval rows, the newest per (model, checkpoint, source, decoding, metric); an empty list for a run without rows. */
  public static Map<String, List<EvalRow>> newestRows(SparkSession spark, String evalTable, List<String> runs) {
    Map<String, Map<List<String>, EvalRow>> newest = new LinkedHashMap<>();
    runs.forEach(r -> newest.put(r, new LinkedHashMap<>()));
    for (Row r : spark.read().format("delta").load(evalTable).filter(col("run").isin(runs.toArray())).orderBy("created_at").collectAsList()) {
      EvalRow e = EvalRow.fromRow(r);
      newest.get(e.run()).put(List.of(e.model(), e.checkpoint(), e.source(), e.decoding(), e.metric()), e);
    }
    Map<String, List<EvalRow>> out = new LinkedHashMap<>();
    newest.forEach((run, byKey) -> {
      List<EvalRow> rows = new ArrayList<>(byKey.values());
      rows.sort((a, b) -> {
        int c = a.model().compareTo(b.model());
        c = c != 0 ? c : Long.compare(step(a.checkpoint()), step(b.checkpoint()));
        return c != 0 ? c : a.source().compareTo(b.source());
      });
      out.put(run, rows);
    });
    return out;
  }

  private static long step(String checkpoint) {
    return checkpoint.startsWith("step-") ? Long.parseLong(checkpoint.substring(5)) : -1;
  }

  /**
   * The first prompts of each source and every fixed prompt, for the before and after models (or the
   * last model), every decoding.
   */
  public static List<Sample> samples(List<GeneratedText> generated, EvalTargets targets) {
    List<EvalTarget> shown = new ArrayList<>();
    if (targets.before() != null) {
      shown.add(targets.before());
      shown.add(targets.after());
    } else if (!targets.all().isEmpty()) {
      shown.add(targets.all().get(targets.all().size() - 1));
    }
    List<Sample> out = new ArrayList<>();
    for (EvalTarget t : shown) {
      for (GeneratedText g : generated) {
        boolean reference = g.decoding().equals(GenerationTask.REFERENCE);
        boolean shownPrompt = g.promptIndex() < SAMPLES_PER_SOURCE || g.source().equals(EvalRow.FIXED_PROMPTS);
        if (g.dir().equals(t.dir()) && shownPrompt && (!reference || t == shown.get(0))) {
          out.add(new Sample(t.model(), t.checkpoint(), g.decoding(), g.source(), g.promptIndex(), g.prompt(), g.text()));
        }
      }
    }
    out.sort((a, b) -> {
      int c = a.decoding().compareTo(b.decoding());
      c = c != 0 ? c : a.source().compareTo(b.source());
      return c != 0 ? c : Integer.compare(a.promptIndex(), b.promptIndex());
    });
    return out;
  }
}

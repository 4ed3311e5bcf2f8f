package sparktune.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;
import sparktune.plot.BarPlot;
import sparktune.plot.LinePlot;
import sparktune.run.MetricsLog;

/**
 * Renders {@code runs/<run>/report.html}: one static file (inline CSS, PNGs as data URIs, no
 * script, no external resource) with training curves, perplexity by checkpoint and source, the
 * before/after comparison, generation metrics by decoding config, and sample generations.
 */
public final class HtmlReport {
  /** Metrics drawn in the decoding bar chart (all in [0, 1]). */
  static final List<String> BAR_METRICS = List.of("distinct-1", "distinct-2", "distinct-3", "type-token-ratio", "repetition-4", "coherence");
  static final List<String> PPL_METRICS = List.of("perplexity", "bits-per-byte", "word-perplexity", "bits-per-token");
  private static final String CSS = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
      + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}"
      + "th{background:#f2f2f2}td.text{white-space:pre-wrap;max-width:420px;font-family:serif}"
      + "img{max-width:100%;border:1px solid #eee;margin:0.5em 0}.note{color:#555}";

  private static final Pattern SECTION = Pattern.compile("<h2 id=\"([a-z]+)\">([^<]+)</h2>");

  private HtmlReport() {}

  public static String render(ReportInput in) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sparktune report: ")
        .append(Html.esc(in.run())).append("</title><style>").append(CSS).append("</style></head><body>\n");
    b.append("<h1>Evaluation report: ").append(Html.esc(in.run())).append("</h1>\n");
    b.append("<p class=\"note\">Evaluated ").append(Html.esc(in.createdAt())).append("; test shards manifest sha256 ")
        .append(Html.esc(in.manifestHash())).append(".</p>\n");
    for (String note : in.notes()) {
      b.append("<p class=\"note\">").append(Html.esc(note)).append("</p>\n");
    }
    StringBuilder body = new StringBuilder();
    training(body, in);
    perplexity(body, in);
    SweepSection.render(body, SweepPlots.of(in.rows(), in.sweepDecoding()), in.warehouse());
    comparison(body, in);
    runs(body, in.runs(), in.warehouse());
    decoding(body, in);
    entropy(body, in);
    samples(body, in);
    // a table of contents of the sections present
    List<String> links = new ArrayList<>();
    Matcher m = SECTION.matcher(body);
    while (m.find()) {
      links.add("<a href=\"#" + m.group(1) + "\">" + m.group(2) + "</a>");
    }
    b.append("<p>").append(String.join(" | ", links)).append("</p>\n");
    return b.append(body).append("</body></html>\n").toString();
  }

  private static void training(StringBuilder b, ReportInput in) {
    b.append("<h2 id=\"training\">Training</h2>\n");
    if (in.training().isEmpty()) {
      b.append("<p>No metrics.jsonl for this run.</p>\n");
      return;
    }
    MetricsLog log = new MetricsLog(null, null);
    in.training().forEach(log::add);
    b.append("<h3>Loss, learning rate and gradient norm</h3>\n");
    b.append(Html.img(LinePlot.png("Loss", "step", "loss per token (nats)", List.of(
        new LinePlot.Series("train", log.series("loss"), LinePlot.BLUE),
        new LinePlot.Series("eval", log.series("eval_loss"), LinePlot.ORANGE))), "training loss"));
    b.append(Html.img(LinePlot.png("Learning rate", "step", "lr", List.of(new LinePlot.Series("lr", log.series("lr"), LinePlot.BLUE))), "learning rate"));
    b.append(Html.img(LinePlot.png("Gradient norm before clipping", "step", "global L2 norm",
        List.of(new LinePlot.Series("grad norm", log.series("grad_norm"), LinePlot.BLUE))), "gradient norm"));
  }

  private static void perplexity(StringBuilder b, ReportInput in) {
    b.append("<h2 id=\"perplexity\">Held-out perplexity</h2>\n");
    List<EvalRow> ppl = in.rows().stream().filter(r -> r.decoding().isEmpty() && PPL_METRICS.contains(r.metric())).toList();
    if (ppl.isEmpty()) {
      b.append("<p>No perplexity rows.</p>\n");
      return;
    }
    Map<List<String>, Map<String, EvalRow>> pivot = new LinkedHashMap<>();
    for (EvalRow r : ppl) {
      pivot.computeIfAbsent(List.of(ModelNames.of(r.model(), in.warehouse()), r.checkpoint(), r.source()), k -> new LinkedHashMap<>())
          .put(r.metric(), r);
    }
    List<List<String>> rows = new ArrayList<>();
    pivot.forEach((k, m) -> {
      List<String> row = new ArrayList<>(k);
      PPL_METRICS.forEach(metric -> row.add(m.containsKey(metric) ? Html.num(m.get(metric).value()) : ""));
      row.add(m.containsKey("perplexity") ? Html.num(m.get("perplexity").n()) : "");
      rows.add(row);
    });
    b.append(Html.table(List.of("model", "checkpoint", "source", "perplexity", "bits/byte", "word ppl", "bits/token", "tokens"), rows));
  }

  private static void comparison(StringBuilder b, ReportInput in) {
    if (in.before() == null || in.after() == null) {
      return;
    }
    b.append("<h2 id=\"comparison\">Before and after fine-tuning</h2>\n<p>Before: ").append(Html.esc(label(in.before(), in.warehouse())))
        .append("; after: ").append(Html.esc(label(in.after(), in.warehouse()))).append(". Same test data and the same prompts.</p>\n");
    Map<List<String>, double[]> pairs = new LinkedHashMap<>();
    for (EvalRow r : in.rows()) {
      int side = is(r, in.before()) ? 0 : is(r, in.after()) ? 1 : -1;
      if (side >= 0 && !r.metric().equals("nll-sum")) {
        pairs.computeIfAbsent(List.of(r.source(), r.decoding().isEmpty() ? "(perplexity)" : r.decoding(), r.metric()),
            k -> new double[] {Double.NaN, Double.NaN})[side] = r.value();
      }
    }
    List<List<String>> rows = new ArrayList<>();
    pairs.forEach((k, v) -> {
      List<String> row = new ArrayList<>(k);
      row.add(Html.num(v[0]));
      row.add(Html.num(v[1]));
      row.add(Double.isNaN(v[0]) || Double.isNaN(v[1]) ? "" : Html.num(v[1] - v[0]));
      rows.add(row);
    });
    b.append(Html.table(List.of("source", "decoding", "metric", "before", "after", "after - before"), rows));
  }

  private static void runs(StringBuilder b, RunComparison c, String warehouse) {
    if (c == null || c.points().isEmpty()) {
      return;
    }
    b.append("<h2 id=\"runs\">Across runs</h2>\n<p class=\"note\">Each run's newest evaluated checkpoint (eval.compare-runs), on the"
        + " whole test split; generation metrics of decoding ").append(Html.esc(c.decoding().isEmpty() ? "(none)" : c.decoding()))
        .append(".</p>\n");
    b.append(Html.img(c.perplexityPng(), "perplexity by run"));
    if (!c.decoding().isEmpty()) {
      b.append(Html.img(c.generationPng(), "generation metrics by run"));
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < c.points().size(); i++) {
      RunComparison.Point p = c.points().get(i);
      List<String> row = new ArrayList<>(List.of(String.valueOf(i), p.label(), ModelNames.of(p.model(), warehouse), p.checkpoint()));
      RunComparison.METRICS.forEach(m -> row.add(p.values().containsKey(m) ? Html.num(p.values().get(m)) : ""));
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("position", "run", "model", "checkpoint"));
    header.addAll(RunComparison.METRICS);
    b.append(Html.table(header, rows));
  }

  private static void decoding(StringBuilder b, ReportInput in) {
    List<EvalRow> gen = in.rows().stream().filter(r -> !r.decoding().isEmpty() && r.source().equals(EvalRow.ALL)).toList();
    if (gen.isEmpty()) {
      return;
    }
    b.append("<h2 id=\"decoding\">Generation metrics by decoding config</h2>\n");
    Set<String> embedders = new LinkedHashSet<>();
    gen.stream().filter(r -> r.metric().equals("coherence")).forEach(r -> embedders.add(embedderName(r.embedder(), in.warehouse())));
    if (!embedders.isEmpty()) {
      b.append("<p class=\"note\">Coherence embeddings: ").append(Html.esc(String.join(", ", embedders))).append("</p>\n");
    }
    Map<String, List<EvalRow>> byTarget = new LinkedHashMap<>();
    gen.forEach(r -> byTarget.computeIfAbsent(ModelNames.withCheckpoint(r.model(), r.checkpoint(), in.warehouse()), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<EvalRow>> t : byTarget.entrySet()) {
      // configured decodings by name, the human reference last
      List<String> decodings = t.getValue().stream().map(EvalRow::decoding).distinct()
          .sorted((x, y) -> x.equals("reference") != y.equals("reference") ? (x.equals("reference") ? 1 : -1) : x.compareTo(y)).toList();
      List<BarPlot.Series> series = new ArrayList<>();
      for (int i = 0; i < BAR_METRICS.size(); i++) {
        String metric = BAR_METRICS.get(i);
        double[] v = decodings.stream().mapToDouble(d -> value(t.getValue(), d, metric)).toArray();
        series.add(new BarPlot.Series(metric, v, BarPlot.PALETTE.get(i)));
      }
      b.append(Html.img(BarPlot.png("Generation metrics: " + t.getKey(), "value", decodings, series), "metrics by decoding"));
      List<String> metrics = t.getValue().stream().map(EvalRow::metric).distinct().toList();
      List<List<String>> rows = new ArrayList<>();
      for (String d : decodings) {
        List<String> row = new ArrayList<>(List.of(d));
        metrics.forEach(m -> row.add(Html.num(value(t.getValue(), d, m))));
        rows.add(row);
      }
      List<String> header = new ArrayList<>(List.of("decoding (" + t.getKey() + ")"));
      header.addAll(metrics);
      b.append(Html.table(header, rows));
    }
  }

  private static void entropy(StringBuilder b, ReportInput in) {
    List<EvalRow> rows = in.rows().stream().filter(r -> r.metric().startsWith("matched-")).toList();
    if (rows.isEmpty()) {
      return;
    }
    b.append("<h2 id=\"entropy\">Model versus the generator's true entropy</h2>\n<p class=\"note\">On test documents produced by the sample"
        + " generator, each document scored on its own (EOS, then its tokens), so the model's bits per byte are exact per document.</p>\n");
    List<List<String>> out = new ArrayList<>();
    for (EvalRow r : rows) {
      out.add(List.of(ModelNames.of(r.model(), in.warehouse()), r.checkpoint(), r.source(), r.metric(), Html.num(r.value()), Html.num(r.n())));
    }
    b.append(Html.table(List.of("model", "checkpoint", "source", "metric", "value", "n"), out));
  }

  private static void samples(StringBuilder b, ReportInput in) {
    if (in.samples().isEmpty()) {
      return;
    }
    b.append("<h2 id=\"samples\">Sample generations</h2>\n");
    Map<List<Object>, Map<String, String>> grid = new LinkedHashMap<>();
    Set<String> columns = new LinkedHashSet<>();
    for (Sample s : in.samples()) {
      String column = s.decoding().equals("reference") ? "reference" : s.checkpoint().equals(EvalTarget.BASE) ? ModelNames.of(s.model(), in.warehouse()) : s.checkpoint();
      columns.add(column);
      grid.computeIfAbsent(List.of(s.decoding(), s.source(), s.promptIndex(), s.prompt()), k -> new LinkedHashMap<>()).put(column, s.continuation());
    }
    b.append("<table>\n<tr><th>decoding</th><th>source</th><th>prompt</th>");
    columns.forEach(c -> b.append("<th>").append(Html.esc(c)).append("</th>"));
    b.append("</tr>\n");
    grid.forEach((k, cols) -> {
      b.append("<tr><td>").append(Html.esc((String) k.get(0))).append("</td><td>").append(Html.esc((String) k.get(1)))
          .append("</td><td class=\"text\">").append(Html.esc((String) k.get(3))).append("</td>");
      columns.forEach(c -> b.append("<td class=\"text\">").append(Html.esc(cols.getOrDefault(c, ""))).append("</td>"));
      b.append("</tr>\n");
    });
    b.append("</table>\n");
  }

  private static double value(List<EvalRow> rows, String decoding, String metric) {
    return rows.stream().filter(r -> r.decoding().equals(decoding) && r.metric().equals(metric)).mapToDouble(EvalRow::value).findFirst().orElse(Double.NaN);
  }

  private static boolean is(EvalRow r, EvalTarget t) {
    return Objects.equals(r.model(), t.model()) && Objects.equals(r.checkpoint(), t.checkpoint());
  }

  /** {@code hidden-mean:<dir>} with the directory named as models are. */
  private static String embedderName(String embedder, String warehouse) {
    int colon = embedder.indexOf(':');
    return colon < 0 ? embedder : embedder.substring(0, colon + 1) + ModelNames.of(embedder.substring(colon + 1), warehouse);
  }

  private static String label(EvalTarget t, String warehouse) {
    return ModelNames.withCheckpoint(t.model(), t.checkpoint(), warehouse);
  }
}

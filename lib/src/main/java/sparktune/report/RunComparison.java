package sparktune.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;
import sparktune.plot.BarPlot;
import sparktune.plot.LinePlot;

/**
 * Several runs' evaluations side by side ({@code eval.compare-runs}), e.g. the stages of a staged
 * fine-tune: one point per run, taken from the newest evaluated checkpoint of that run, preceded by
 * the first run's base model ("before") when it was evaluated.
 *
 * @param decoding the decoding config whose generation metrics are compared ("" when none)
 * @param points the points in order
 */
public record RunComparison(String decoding, List<Point> points) {
  /** Metrics of the whole test split compared across runs; perplexity comes from the perplexity rows. */
  public static final List<String> METRICS = List.of("perplexity", "distinct-2", "type-token-ratio", "mtld", "coherence");
  /** Generation metrics in [0, 1], drawn together in one plot. */
  static final List<String> UNIT_METRICS = List.of("distinct-2", "type-token-ratio", "coherence");

  /**
   * One run (or the model before the first run).
   *
   * @param label the run name, or "before"
   * @param model the evaluated model directory
   * @param checkpoint its checkpoint ({@code step-N} or {@code base})
   * @param values metric to value; a metric without a row is absent
   */
  public record Point(String label, String model, String checkpoint, Map<String, Double> values) {}

  /**
   * @param rowsByRun each compared run's newest eval rows, in comparison order (a run without rows
   *     is skipped)
   * @param decoding the decoding config to compare generation metrics of
   */
  public static RunComparison of(Map<String, List<EvalRow>> rowsByRun, String decoding) {
    List<Point> points = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<String, List<EvalRow>> run : rowsByRun.entrySet()) {
      List<EvalRow> rows = run.getValue();
      EvalRow newest = null; // a perplexity row of the highest checkpoint step
      EvalRow base = null;
      for (EvalRow r : rows) {
        if (r.decoding().isEmpty() && r.source().equals(EvalRow.ALL) && r.metric().equals("perplexity")) {
          if (r.checkpoint().equals(EvalTarget.BASE)) {
            base = r;
          } else if (newest == null || step(r.checkpoint()) > step(newest.checkpoint())) {
            newest = r;
          }
        }
      }
      if (first && base != null && newest != null) {
        points.add(point("before", base, rows, decoding));
      }
      if (newest != null) {
        points.add(point(run.getKey(), newest, rows, decoding));
        first = false;
      }
    }
    return new RunComparison(decoding, List.copyOf(points));
  }

  private static Point point(String label, EvalRow target, List<EvalRow> rows, String decoding) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String metric : METRICS) {
      String d = metric.equals("perplexity") ? "" : decoding;
      rows.stream()
          .filter(r -> r.model().equals(target.model()) && r.checkpoint().equals(target.checkpoint()) && r.source().equals(EvalRow.ALL)
              && r.decoding().equals(d) && r.metric().equals(metric))
          .findFirst().ifPresent(r -> values.put(metric, r.value()));
    }
    return new Point(label, target.model(), target.checkpoint(), values);
  }

  /** Held-out perplexity by run. */
  public byte[] perplexityPng() {
    return LinePlot.png("Perplexity by run", "run", "perplexity",
        List.of(new LinePlot.Series("perplexity", series("perplexity"), LinePlot.BLUE)), labels());
  }

  /** Distinct-2, type-token ratio and coherence of the compared decoding by run. */
  public byte[] generationPng() {
    List<LinePlot.Series> series = new ArrayList<>();
    for (int i = 0; i < UNIT_METRICS.size(); i++) {
      series.add(new LinePlot.Series(UNIT_METRICS.get(i), series(UNIT_METRICS.get(i)), BarPlot.PALETTE.get(i)));
    }
    return LinePlot.png("Generation metrics by run (" + decoding + ")", "run", "value", series, labels());
  }

  private List<String> labels() {
    return points.stream().map(Point::label).toList();
  }

  /** (position, value) of one metric over the points that have it. */
  double[][] series(String metric) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      Double v = points.get(i).values().get(metric);
      if (v != null) {
        out.add(new double[] {i, v});
      }
    }
    return out.toArray(new double[0][]);
  }

  private static long step(String checkpoint) {
    return Long.parseLong(checkpoint.substring("step-".length()));
  }
}

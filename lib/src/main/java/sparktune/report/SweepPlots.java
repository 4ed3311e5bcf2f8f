package sparktune.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sparktune.eval.EvalRow;
import sparktune.plot.BarPlot;
import sparktune.plot.LinePlot;

/**
 * A checkpoint sweep of one run: perplexity (whole split and per source) and one decoding's
 * generation metrics against the training step, from the eval rows of that run's checkpoints.
 *
 * @param model the run directory (the rows' model)
 * @param steps the evaluated steps, ascending
 * @param perplexity source -> (step, perplexity) points, {@code all} first
 * @param generation metric -> (step, value) points of {@code decoding} on the whole split
 * @param decoding the decoding config whose metrics are plotted ("" for none)
 */
public record SweepPlots(String model, List<Long> steps, Map<String, double[][]> perplexity, Map<String, double[][]> generation, String decoding) {
  /** Generation metrics plotted against the step (all in [0, 1]). */
  public static final List<String> METRICS = List.of("distinct-1", "distinct-2", "type-token-ratio", "repetition-4", "coherence");

  /** One sweep per model with at least two evaluated {@code step-N} checkpoints, in model order. */
  public static List<SweepPlots> of(List<EvalRow> rows, String decoding) {
    Map<String, List<EvalRow>> byModel = new TreeMap<>();
    rows.stream().filter(r -> r.checkpoint().startsWith("step-")).forEach(r -> byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
    List<SweepPlots> out = new ArrayList<>();
    byModel.forEach((model, list) -> {
      List<Long> steps = list.stream().map(r -> step(r.checkpoint())).distinct().sorted().toList();
      if (steps.size() < 2) {
        return;
      }
      Map<String, List<double[]>> ppl = new TreeMap<>((a, b) -> a.equals(EvalRow.ALL) != b.equals(EvalRow.ALL) ? (a.equals(EvalRow.ALL) ? -1 : 1)
          : a.compareTo(b));
      Map<String, List<double[]>> gen = new TreeMap<>((a, b) -> Integer.compare(METRICS.indexOf(a), METRICS.indexOf(b)));
      for (EvalRow r : list) {
        double[] point = {step(r.checkpoint()), r.value()};
        if (r.decoding().isEmpty() && r.metric().equals("perplexity") && !r.source().equals(EvalRow.FIXED_PROMPTS)) {
          ppl.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(point);
        } else if (!decoding.isEmpty() && r.decoding().equals(decoding) && r.source().equals(EvalRow.ALL) && METRICS.contains(r.metric())) {
          gen.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(point);
        }
      }
      out.add(new SweepPlots(model, steps, sorted(ppl), sorted(gen), decoding));
    });
    return out;
  }

  /** Perplexity against the step, one line per source ({@code all} first). */
  public byte[] perplexityPng(String name) {
    return LinePlot.png("Perplexity by step: " + name, "step", "perplexity", series(perplexity));
  }

  /** The decoding's generation metrics against the step. */
  public byte[] generationPng(String name) {
    return LinePlot.png("Generation (" + decoding + ") by step: " + name, "step", "value", series(generation));
  }

  private static List<LinePlot.Series> series(Map<String, double[][]> lines) {
    List<LinePlot.Series> out = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, double[][]> e : lines.entrySet()) {
      out.add(new LinePlot.Series(e.getKey(), e.getValue(), BarPlot.PALETTE.get(i++ % BarPlot.PALETTE.size())));
    }
    return out;
  }

  private static Map<String, double[][]> sorted(Map<String, List<double[]>> in) {
    Map<String, double[][]> out = new java.util.LinkedHashMap<>();
    in.forEach((k, pts) -> {
      List<double[]> s = new ArrayList<>(pts);
      s.sort((x, y) -> Double.compare(x[0], y[0]));
      out.put(k, s.toArray(new double[0][]));
    });
    return out;
  }

  private static long step(String checkpoint) {
    return Long.parseLong(checkpoint.substring(5));
  }
}

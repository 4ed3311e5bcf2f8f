package sparktune.report;

import java.util.ArrayList;
import java.util.List;

/** The report's checkpoint-sweep section: per run, metrics against the step as plots and a table. */
final class SweepSection {
  private SweepSection() {}

  static void render(StringBuilder b, List<SweepPlots> sweeps, String warehouse) {
    if (sweeps.isEmpty()) {
      return;
    }
    b.append("<h2 id=\"sweep\">Checkpoint sweep</h2>\n<p class=\"note\">Every evaluated checkpoint of a run against its training step: held-out"
        + " perplexity on the whole test split (all) and per source, and generation metrics of the first decoding config.</p>\n");
    for (SweepPlots s : sweeps) {
      String name = ModelNames.of(s.model(), warehouse);
      b.append("<h3>Perplexity by checkpoint: ").append(Html.esc(name)).append("</h3>\n");
      b.append(Html.img(s.perplexityPng(name), "perplexity by step of " + name));
      if (!s.generation().isEmpty()) {
        b.append(Html.img(s.generationPng(name), "generation metrics by step of " + name));
      }
      List<String> header = new ArrayList<>(List.of("run", "step"));
      header.addAll(s.perplexity().keySet().stream().map(k -> "perplexity " + k).toList());
      header.addAll(s.generation().keySet().stream().map(k -> k + " (" + s.decoding() + ")").toList());
      List<List<String>> rows = new ArrayList<>();
      for (long step : s.steps()) {
        List<String> row = new ArrayList<>(List.of(name, String.valueOf(step)));
        s.perplexity().values().forEach(pts -> row.add(at(pts, step)));
        s.generation().values().forEach(pts -> row.add(at(pts, step)));
        rows.add(row);
      }
      b.append(Html.table(header, rows));
    }
  }

  private static String at(double[][] points, long step) {
    for (double[] p : points) {
      if (p[0] == step) {
        return Html.num(p[1]);
      }
    }
    return "";
  }
}

package sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;

class HtmlReportTest {
  private static final Timestamp NOW = Timestamp.valueOf("2026-11-22 01:00:00");
  private static final EvalTarget BEFORE = new EvalTarget("/models/gpt2", EvalTarget.BASE, "/models/gpt2", -1);
  private static final EvalTarget AFTER = new EvalTarget("/wh/runs/r", "step-20", "/wh/runs/r/checkpoints/step-20", 20);

  private static EvalRow row(EvalTarget t, String source, String decoding, String metric, double value) {
    return new EvalRow("r", t.model(), t.checkpoint(), source, decoding, decoding.isEmpty() ? "" : "{}", metric, value, 10,
        metric.equals("coherence") ? "hidden-mean:" + t.dir() : "", "abc", NOW);
  }

  private static ReportInput input(List<Sample> samples) {
    EvalTarget step10 = new EvalTarget("/wh/runs/r", "step-10", "/wh/runs/r/checkpoints/step-10", 10);
    List<EvalRow> rows = new ArrayList<>();
    for (EvalTarget t : List.of(BEFORE, step10, AFTER)) {
      rows.add(row(t, "all", "", "perplexity", t == BEFORE ? 80 : t == step10 ? 60 : 40));
      rows.add(row(t, "classics", "", "perplexity", t == BEFORE ? 90 : 50));
      rows.add(row(t, "all", "", "bits-per-byte", 1.2));
      for (String d : List.of("greedy", "nucleus")) {
        rows.add(row(t, "all", d, "distinct-2", d.equals("greedy") ? 0.3 : 0.8));
        rows.add(row(t, "all", d, "coherence", 0.6));
      }
    }
    List<Map<String, Object>> training = List.of(Map.of("step", 10, "loss", 5.0, "lr", 1e-3, "grad_norm", 2.0),
        Map.of("step", 20, "loss", 4.0, "lr", 5e-4, "grad_norm", 1.0), Map.of("step", 20, "eval_loss", 4.2));
    return new ReportInput("r", "2026-11-22T01:00:00Z", "abc", training, rows, samples, BEFORE, AFTER, List.of("a note"), null, "/wh", "greedy");
  }

  @Test
  void reportHasEverySectionAndIsSelfContained() {
    String html = HtmlReport.render(input(List.of(new Sample(BEFORE.model(), BEFORE.checkpoint(), "greedy", "classics", 0, "Once", " upon"),
        new Sample(AFTER.model(), AFTER.checkpoint(), "greedy", "classics", 0, "Once", " a time"))));
    assertThat(html).contains(">Training</h2>", "<a href=\"#samples\">Sample generations</a>", "Perplexity by checkpoint", "Before and after fine-tuning",
        "Generation metrics by decoding config", "Sample generations", "hidden-mean:runs/r/checkpoints/step-20", "a note");
    assertThat(html).doesNotContain("<script", "<link", "http://", "https://", "@import", "url(");
    // training (3) + the sweep's perplexity and greedy metrics by step (2) + one decoding chart per model and checkpoint (3)
    assertThat(html.split("data:image/png;base64,", -1)).hasSize(1 + 8);
    // before 80 -> after 40 on the whole test split
    assertThat(html).contains("<tr><td>all</td><td>(perplexity)</td><td>perplexity</td><td>80</td><td>40</td><td>-40</td></tr>");
    assertThat(html).contains("<td class=\"text\"> upon</td><td class=\"text\"> a time</td>");
  }

  @Test
  void aCheckpointSweepIsShownAgainstTheStepWithRunsNamedRelativeToTheWarehouse() {
    String html = HtmlReport.render(input(List.of(new Sample(AFTER.model(), AFTER.checkpoint(), "greedy", "classics", 0, "Once", " a time"))));
    assertThat(html).contains("<h2 id=\"sweep\">Checkpoint sweep</h2>", "Perplexity by checkpoint: r",
        "<tr><th>run</th><th>step</th><th>perplexity all</th><th>perplexity classics</th><th>distinct-2 (greedy)</th><th>coherence (greedy)</th></tr>",
        "<tr><td>r</td><td>10</td><td>60</td><td>50</td><td>0.3000</td><td>0.6000</td></tr>",
        "<tr><td>r</td><td>20</td><td>40</td><td>50</td><td>0.3000</td><td>0.6000</td></tr>",
        "Before: gpt2; after: r step-20.");
    assertThat(html).doesNotContain("/wh/", "/models/");
  }

  @Test
  void generatedTextIsHtmlEscaped() {
    String html = HtmlReport.render(input(List.of(new Sample(AFTER.model(), AFTER.checkpoint(), "greedy", "lyrics", 0,
        "<b>prompt</b>", "</td><script>alert('x')</script> & more"))));
    assertThat(html).doesNotContain("<script>", "<b>prompt</b>");
    assertThat(html).contains("&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more", "&lt;b&gt;prompt&lt;/b&gt;");
  }

  @Test
  void withoutABaseModelThereIsNoComparison() {
    ReportInput in = input(List.of());
    ReportInput single = new ReportInput(in.run(), in.createdAt(), in.manifestHash(), List.of(), in.rows(), List.of(), null, null, List.of(), null);
    String html = HtmlReport.render(single);
    assertThat(html).doesNotContain("Before and after").doesNotContain("#comparison").contains("No metrics.jsonl for this run.");
  }
}

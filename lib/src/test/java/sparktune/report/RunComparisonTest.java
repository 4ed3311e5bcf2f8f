package sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import sparktune.eval.EvalRow;

class RunComparisonTest {
  private static final Timestamp NOW = Timestamp.valueOf("2026-11-22 01:00:00");

  private static EvalRow row(String run, String model, String checkpoint, String decoding, String metric, double value) {
    return new EvalRow(run, model, checkpoint, EvalRow.ALL, decoding, "", metric, value, 10, "", "abc", NOW);
  }

  /** Stage k was evaluated with the previous model as base and its own checkpoints. */
  private static Map<String, List<EvalRow>> stages() {
    Map<String, List<EvalRow>> out = new LinkedHashMap<>();
    List<EvalRow> one = new ArrayList<>(List.of(
        row("stage-1", "/models/es", "base", "", "perplexity", 100),
        row("stage-1", "/wh/runs/stage-1", "step-2", "", "perplexity", 70),
        row("stage-1", "/wh/runs/stage-1", "step-4", "", "perplexity", 60),
        row("stage-1", "/wh/runs/stage-1", "step-4", "nucleus", "distinct-2", 0.5),
        row("stage-1", "/wh/runs/stage-1", "step-4", "greedy", "distinct-2", 0.1),
        row("stage-1", "/wh/runs/stage-1", "step-4", "nucleus", "mtld", 40),
        row("stage-1", "/models/es", "base", "nucleus", "distinct-2", 0.4)));
    out.put("stage-1", one);
    out.put("stage-2", List.of(
        row("stage-2", "/wh/runs/stage-1/checkpoints/step-4", "base", "", "perplexity", 60),
        row("stage-2", "/wh/runs/stage-2", "step-3", "", "perplexity", 50),
        row("stage-2", "/wh/runs/stage-2", "step-3", "nucleus", "distinct-2", 0.6)));
    out.put("stage-3", List.of()); // not evaluated yet
    return out;
  }

  @Test
  void takesEachRunsNewestCheckpointAfterTheFirstRunsBaseModel() {
    RunComparison c = RunComparison.of(stages(), "nucleus");

    assertThat(c.points()).extracting(RunComparison.Point::label).containsExactly("before", "stage-1", "stage-2");
    assertThat(c.points()).extracting(RunComparison.Point::checkpoint).containsExactly("base", "step-4", "step-3");
    assertThat(c.points()).extracting(p -> p.values().get("perplexity")).containsExactly(100.0, 60.0, 50.0);
    assertThat(c.points().get(1).values()).containsEntry("distinct-2", 0.5).containsEntry("mtld", 40.0).doesNotContainKey("coherence");
    assertThat(c.series("distinct-2")).isDeepEqualTo(new double[][] {{0, 0.4}, {1, 0.5}, {2, 0.6}});
    assertThat(c.series("coherence")).isEmpty();
  }

  @Test
  void plotsAreImagesAndTheReportShowsTheTable() throws Exception {
    RunComparison c = RunComparison.of(stages(), "nucleus");
    assertThat(ImageIO.read(new ByteArrayInputStream(c.perplexityPng())).getWidth()).isPositive();
    assertThat(ImageIO.read(new ByteArrayInputStream(c.generationPng())).getWidth()).isPositive();

    String html = HtmlReport.render(new ReportInput("stage-2", "2026-11-22T01:00:00Z", "abc", List.of(), List.of(), List.of(), null, null,
        List.of(), c));
    assertThat(html).contains("<a href=\"#runs\">Across runs</a>", "<td>1</td><td>stage-1</td><td>stage-1</td><td>step-4</td><td>60</td><td>0.5000</td>");
    assertThat(html.split("data:image/png;base64,", -1)).hasSize(1 + 2);
  }

  @Test
  void runsWithoutRowsGiveNoPoints() {
    assertThat(RunComparison.of(Map.of("stage-1", List.of()), "nucleus").points()).isEmpty();
    String html = HtmlReport.render(new ReportInput("r", "t", "abc", List.of(), List.of(), List.of(), null, null, List.of(),
        RunComparison.of(Map.of("stage-1", List.of()), "nucleus")));
    assertThat(html).doesNotContain("Across runs");
  }
}

package sparktune.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sparktune.eval.EvalRow;

class SweepPlotsTest {
  private static final Timestamp NOW = Timestamp.valueOf("2026-11-22 01:00:00");

  private static EvalRow row(String model, String checkpoint, String source, String decoding, String metric, double value) {
    return new EvalRow("r", model, checkpoint, source, decoding, "", metric, value, 1, "", "abc", NOW);
  }

  @Test
  void aRunWithSeveralCheckpointsGivesPointsByStepWithTheWholeSplitFirst() {
    List<EvalRow> rows = new ArrayList<>();
    for (int step : new int[] {300, 100, 200}) {
      rows.add(row("/wh/runs/a", "step-" + step, "lyrics", "", "perplexity", step / 10.0));
      rows.add(row("/wh/runs/a", "step-" + step, "all", "", "perplexity", step / 20.0));
      rows.add(row("/wh/runs/a", "step-" + step, "all", "greedy", "distinct-2", step / 1000.0));
      rows.add(row("/wh/runs/a", "step-" + step, "all", "nucleus", "distinct-2", 0.9));
      rows.add(row("/wh/runs/a", "step-" + step, "all", "greedy", "tokens-per-continuation", 6));
    }
    rows.add(row("/wh/runs/b", "step-5", "all", "", "perplexity", 7)); // one checkpoint: no sweep
    rows.add(row("/models/gpt2", "base", "all", "", "perplexity", 9));

    List<SweepPlots> sweeps = SweepPlots.of(rows, "greedy");

    assertThat(sweeps).singleElement().satisfies(s -> {
      assertThat(s.model()).isEqualTo("/wh/runs/a");
      assertThat(s.steps()).containsExactly(100L, 200L, 300L);
      assertThat(s.perplexity().keySet()).containsExactly("all", "lyrics");
      assertThat(s.perplexity().get("all")).isDeepEqualTo(new double[][] {{100, 5}, {200, 10}, {300, 15}});
      assertThat(s.generation().keySet()).containsExactly("distinct-2");
      assertThat(s.generation().get("distinct-2")).isDeepEqualTo(new double[][] {{100, 0.1}, {200, 0.2}, {300, 0.3}});
      assertThat(s.perplexityPng("a")).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    });
  }

  @Test
  void modelsAreNamedByRunOrPathInsideTheWarehouseNeverByAbsolutePath() {
    assertThat(ModelNames.of("/wh/runs/stage-2", "/wh")).isEqualTo("stage-2");
    assertThat(ModelNames.of("s3a://bucket/wh/runs/stage-2/", "s3a://bucket/wh")).isEqualTo("stage-2");
    assertThat(ModelNames.of("/wh/runs/r/checkpoints/step-20", "/wh")).isEqualTo("runs/r/checkpoints/step-20");
    assertThat(ModelNames.of("/home/me/models/gpt2", "/wh")).isEqualTo("gpt2");
    assertThat(ModelNames.withCheckpoint("/wh/runs/r", "step-500", "/wh")).isEqualTo("r step-500");
    assertThat(ModelNames.withCheckpoint("/home/me/models/gpt2", "base", "/wh")).isEqualTo("gpt2");
  }
}

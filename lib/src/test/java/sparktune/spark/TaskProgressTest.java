package sparktune.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import sparktune.testing.SharedSpark;

class TaskProgressTest {
  @Test
  void lineShowsCountsShareElapsedAndEta() {
    assertThat(TaskProgress.line("evaluate perplexity", 2, 8, 10)).isEqualTo("evaluate perplexity: 2/8 tasks (25%), 10s elapsed, ETA 30s");
    assertThat(TaskProgress.line("x", 8, 8, 75)).isEqualTo("x: 8/8 tasks (100%), 1m15s elapsed");
  }

  @Test
  void countsTheTasksOfARealJobAndEndsAtTheTotal() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    var spark = SharedSpark.get();
    try (TaskProgress p = TaskProgress.start(spark, "probe", new PrintStream(buf, true, StandardCharsets.UTF_8))) {
      JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1, 2, 3, 4), 4).map(i -> i * 2).collect();
      // Listener events arrive asynchronously: wait until the last task has been seen.
      for (int i = 0; i < 100 && !buf.toString(StandardCharsets.UTF_8).contains("4/4"); i++) {
        Thread.sleep(50);
      }
    }
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("probe: 4/4 tasks (100%)");
  }
}

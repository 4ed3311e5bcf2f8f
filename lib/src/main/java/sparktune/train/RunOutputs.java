package sparktune.train;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sparktune.plot.LinePlot;
import sparktune.run.MetricsLog;
import sparktune.run.RunFolder;
import sparktune.spark.HadoopFiles;

/**
 * What a run shows while it trains: metrics.jsonl rows, the console progress line on stderr and the
 * loss/lr/grad-norm plots under {@code runs/<run>/}.
 */
final class RunOutputs {
  private final HadoopFiles files;
  private final String runDir;
  private final MetricsLog metrics;
  private final PrintStream console;

  RunOutputs(HadoopFiles files, String runDir, PrintStream console) {
    this.files = files;
    this.runDir = runDir;
    this.metrics = new MetricsLog(files, RunFolder.metrics(runDir));
    this.console = console;
  }

  MetricsLog metrics() {
    return metrics;
  }

  void logStep(long step, long total, DataCursor cursor, StepResult r, double lr, double tokensPerSecond, double elapsed, double etaSeconds) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.put("epoch", cursor.epoch());
    row.put("loss", round(r.loss()));
    row.put("lr", lr);
    row.put("grad_norm", round(r.gradNorm()));
    row.put("tokens_per_s", Math.round(tokensPerSecond));
    row.put("elapsed_s", Math.round(elapsed * 1000) / 1000.0);
    metrics.add(row);
    metrics.flush();
    console.printf(Locale.ROOT, "train step %d/%d (%.0f%%) loss %.4f lr %.2e grad %.3f %,.0f tok/s ETA %s%n",
        step, total, 100.0 * step / total, r.loss(), lr, r.gradNorm(), tokensPerSecond, duration(etaSeconds));
  }

  /** @param epoch the epoch just completed (1-based), or null for an evaluation within an epoch */
  void logEval(long step, Long epoch, double loss) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    if (epoch != null) {
      row.put("eval_epoch", epoch);
    }
    row.put("eval_loss", round(loss));
    row.put("eval_ppl", round(Math.exp(loss)));
    metrics.add(row);
    metrics.flush();
    console.printf(Locale.ROOT, "eval step %d loss %.4f ppl %.2f%n", step, loss, Math.exp(loss));
  }

  /** Writes loss.png (train and eval), lr.png and grad_norm.png. */
  void plot(String run) {
    files.writeBytes(runDir + "/loss.png", LinePlot.png("Loss (" + run + ")", "step", "loss per token", List.of(
        new LinePlot.Series("train", metrics.series("loss"), LinePlot.BLUE),
        new LinePlot.Series("eval", metrics.series("eval_loss"), LinePlot.ORANGE))));
    files.writeBytes(runDir + "/lr.png", LinePlot.png("Learning rate (" + run + ")", "step", "lr",
        List.of(new LinePlot.Series("lr", metrics.series("lr"), LinePlot.BLUE))));
    files.writeBytes(runDir + "/grad_norm.png", LinePlot.png("Gradient norm before clipping (" + run + ")", "step", "global L2 norm",
        List.of(new LinePlot.Series("grad norm", metrics.series("grad_norm"), LinePlot.BLUE))));
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60) : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
  }
}

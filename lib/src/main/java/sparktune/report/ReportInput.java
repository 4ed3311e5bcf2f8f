package sparktune.report;

import java.util.List;
import java.util.Map;
import sparktune.eval.EvalRow;
import sparktune.eval.EvalTarget;

/**
 * Everything the report shows.
 *
 * @param run train.run
 * @param createdAt ISO-8601 instant of the evaluation
 * @param manifestHash sha256 of the test shards' manifest
 * @param training rows of runs/&lt;run&gt;/metrics.jsonl (empty when there is none)
 * @param rows eval table rows of this run (newest per key)
 * @param samples generations to show
 * @param before the model before fine-tuning (null: no comparison)
 * @param after the fine-tuned model (null: no comparison)
 * @param notes free text lines shown under the title (approximations, skipped parts)
 * @param runs other runs' evaluations side by side ({@code eval.compare-runs}; null: none)
 * @param warehouse the warehouse root; models are named relative to it ({@link ModelNames})
 * @param sweepDecoding the decoding config whose metrics the checkpoint sweep plots against the step ("" for none)
 */
public record ReportInput(String run, String createdAt, String manifestHash, List<Map<String, Object>> training,
    List<EvalRow> rows, List<Sample> samples, EvalTarget before, EvalTarget after, List<String> notes, RunComparison runs,
    String warehouse, String sweepDecoding) {

  /** A report without a warehouse root (models named by their last path segment) and without sweep generation plots. */
  public ReportInput(String run, String createdAt, String manifestHash, List<Map<String, Object>> training,
      List<EvalRow> rows, List<Sample> samples, EvalTarget before, EvalTarget after, List<String> notes, RunComparison runs) {
    this(run, createdAt, manifestHash, training, rows, samples, before, after, notes, runs, "", "");
  }
}

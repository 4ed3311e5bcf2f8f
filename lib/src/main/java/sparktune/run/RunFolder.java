package sparktune.run;

import java.io.IOException;
import sparktune.spark.HadoopFiles;

/**
 * A run's folder ({@code runs/<run>/}) as training leaves it: {@code checkpoints/}, {@code metrics.jsonl}
 * and the report files that evaluation adds. One rule for a run that does not resume, single-worker or
 * distributed: what an earlier run of the same name trained goes, so its checkpoints and curves never
 * mix with the new run's.
 */
public final class RunFolder {
  private RunFolder() {}

  /** The checkpoints folder of the run at {@code runDir}. */
  public static String checkpoints(String runDir) {
    return runDir + "/checkpoints";
  }

  /** The metrics.jsonl of the run at {@code runDir}. */
  public static String metrics(String runDir) {
    return runDir + "/metrics.jsonl";
  }

  /** Removes what an earlier, not resumed, run of the same name trained. */
  public static void startFresh(HadoopFiles files, String runDir) throws IOException {
    files.delete(checkpoints(runDir));
    files.delete(metrics(runDir));
  }
}

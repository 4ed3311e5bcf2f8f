package sparktune.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's Spark stages by command name, in pipeline order. A stage that is not registered
 * here does not exist in this build, and its command says so.
 */
public final class Stages {
  /** The data stages run by {@code prepare}, in order. */
  public static final List<String> PREPARE = List.of("ingest", "clean", "split", "tokenize");

  /** Every stage run by {@code pipeline}, in order. */
  public static final List<String> PIPELINE = List.of("ingest", "clean", "split", "tokenize", "train", "evaluate");

  private static final Map<String, Job> JOBS = new LinkedHashMap<>();

  static {
    // register("ingest", IngestJob::execute);
    register("train", TrainJob::execute);
  }

  private Stages() {}

  private static void register(String name, Job job) {
    JOBS.put(name, job);
  }

  public static Optional<Job> find(String name) {
    return Optional.ofNullable(JOBS.get(name));
  }

  public static boolean exists(String name) {
    return JOBS.containsKey(name);
  }
}

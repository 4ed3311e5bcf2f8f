package sparktune.bench;

import java.io.PrintStream;
import java.util.Map;
import sparktune.config.SparktuneConfig;

/** One {@code sparktune bench <what>} measurement. Returns the JSON fields to print. */
@FunctionalInterface
public interface Benchmark {
  Map<String, Object> run(SparktuneConfig config, BenchArgs args, PrintStream err) throws Exception;
}

package sparktune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import sparktune.bench.BenchArgs;
import sparktune.bench.Benchmark;
import sparktune.bench.DistributedBench;
import sparktune.bench.EvalBench;
import sparktune.bench.FinetuneBench;
import sparktune.bench.ModelBench;
import sparktune.bench.PrepareBench;
import sparktune.bench.SweepBench;
import sparktune.bench.TokenizerBench;
import sparktune.bench.TrainBench;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;

/**
 * {@code sparktune bench <what> [--size SIZE]}: measures throughput on generated samples and prints
 * one JSON object with the figures and the machine they ran on.
 */
final class BenchCommand implements Command {
  private static final Map<String, Benchmark> BENCHES = new LinkedHashMap<>();

  static {
    BENCHES.put("model", new ModelBench());
    BENCHES.put("tokenizer", new TokenizerBench());
    BENCHES.put("prepare", new PrepareBench());
    BENCHES.put("train", new TrainBench());
    BENCHES.put("eval", new EvalBench());
    BENCHES.put("sweep", new SweepBench());
    BENCHES.put("distributed", new DistributedBench());
    BENCHES.put("finetune", new FinetuneBench());
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "measure throughput: bench " + (BENCHES.isEmpty() ? "<what>" : String.join("|", BENCHES.keySet()));
  }

  @Override
  public Set<String> valueOptions() {
    return Set.of("size", "out", "vocab", "model");
  }

  @Override
  public String help() {
    return """
          --size N                    the bench's size (distributed: rounds; finetune: steps)
          --model gpt2-124m           distributed: GPT-2 small, 2 workers x 3 rounds of 2 inner steps
          --delta-dtypes              distributed: two-worker runs with train.delta-dtype fp32, bf16, int8
          --vocab V                   train: the vocabulary size (default 8000)
        """;
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of("delta-dtypes");
  }

  @Override
  public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
    if (args.positionals().size() != 1) {
      throw new UsageError("bench needs exactly one of: " + String.join(", ", BENCHES.keySet()));
    }
    String what = args.positionals().get(0);
    Benchmark bench = BENCHES.get(what);
    if (bench == null) {
      throw new UsageError("Unknown benchmark '" + what + "' (available: " + String.join(", ", BENCHES.keySet()) + ")");
    }
    SparktuneConfig config = ConfigLoader.load(args.conf(), args.sets());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("bench", what);
    result.putAll(bench.run(config, new BenchArgs(args.conf(), args.sets(), args.options()), err));
    result.put("machine", machine());
    out.println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.version"));
    return m;
  }
}

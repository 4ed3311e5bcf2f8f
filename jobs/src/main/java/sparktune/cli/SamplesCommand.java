package sparktune.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import sparktune.config.ConfigError;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.jobs.JobSummary;
import sparktune.samples.SampleCorpora;

/**
 * {@code sparktune samples --out DIR [--size 5MB] [--seed N]}: writes the generated sample corpora
 * (see {@link SampleCorpora}). {@code --size} and {@code --seed} override {@code samples.size} and
 * {@code samples.seed}. Prints a summary line: records, generated bodies and bytes per source.
 */
final class SamplesCommand implements Command {
  @Override
  public boolean usesTorch() {
    return false;
  }

  @Override
  public String name() {
    return "samples";
  }

  @Override
  public String summary() {
    return "write sample corpora (wikibooks.sqlite, lyrics, classics) to --out DIR";
  }

  @Override
  public Set<String> valueOptions() {
    return Set.of("out", "size", "seed");
  }

  @Override
  public String help() {
    return "  --out DIR    where to write (replaces earlier samples there)\n"
        + "  --size SIZE  total text bytes, e.g. 5MB (default samples.size)\n"
        + "  --seed N     generator seed (default samples.seed)\n";
  }

  @Override
  public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
    String dir = args.option("out", null);
    if (dir == null || dir.isBlank()) {
      throw new UsageError("samples needs --out DIR");
    }
    SparktuneConfig config = ConfigLoader.load(args.conf(), args.sets());
    config = override(config, args, "size", "samples.size");
    config = override(config, args, "seed", "samples.seed");
    long size = config.samples().sizeBytes();
    long seed = config.samples().seed();
    long start = System.nanoTime();
    SampleCorpora.Report report = SampleCorpora.write(Path.of(dir), size, seed, err);
    double seconds = (System.nanoTime() - start) / 1e9;
    JobSummary summary = new JobSummary("samples")
        .put("out", Path.of(dir).toAbsolutePath().toString())
        .put("size_bytes", size)
        .put("seed", seed)
        .put("sources", report.sources())
        .put("bytes", report.bytes())
        .put("mb_per_second", Math.round(report.bytes() / 1e6 / Math.max(seconds, 1e-9) * 100) / 100.0);
    out.println(summary.toJson("ok", seconds, config.toJson()));
    return 0;
  }

  /** Applies {@code --option value} as {@code key}; a bad value is reported against the option. */
  private static SparktuneConfig override(SparktuneConfig config, Arguments args, String option, String key) {
    String value = args.option(option, null);
    if (value == null) {
      return config;
    }
    try {
      return ConfigLoader.load(config.resolved(), List.of(key + "=" + value));
    } catch (ConfigError e) {
      throw new UsageError(e.getMessage().replace("Invalid " + key + ":", "Invalid --" + option + ":"));
    }
  }
}

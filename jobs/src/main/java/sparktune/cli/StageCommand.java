package sparktune.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import sparktune.config.ConfigError;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.jobs.StageRun;
import sparktune.jobs.Stages;

/**
 * Runs one or more pipeline stages in one Spark session. With several stages (prepare, pipeline)
 * each prints its own summary line and a combined summary comes last.
 */
final class StageCommand implements Command {
  private final String name;
  private final String summary;
  private final List<String> stages;
  private final Set<String> flags;

  StageCommand(String name, String summary, List<String> stages, Set<String> flags) {
    this.name = name;
    this.summary = summary;
    this.stages = stages;
    this.flags = flags;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public Set<String> flagOptions() {
    return flags;
  }

  @Override
  public boolean usesTorch() {
    return stages.contains("train") || stages.contains("evaluate");
  }

  @Override
  public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
    List<String> sets = new ArrayList<>(args.sets());
    if (args.flag("resume")) {
      sets.add("train.resume=true");
    }
    if (args.flag("resume-from-last-good")) {
      sets.add("train.resume=true");
      sets.add("train.resume-from-last-good=true");
    }
    List<String> available = stages.stream().filter(Stages::exists).toList();
    if (available.isEmpty() || (stages.size() == 1 && available.size() != 1)) {
      throw new ConfigError("the " + String.join(", ", stages) + " stage is not available in this build");
    }
    SparktuneConfig config = ConfigLoader.load(args.conf(), sets);
    return StageRun.run(name, available, config, out, err);
  }
}

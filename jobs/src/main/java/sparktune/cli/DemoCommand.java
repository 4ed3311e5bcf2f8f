package sparktune.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigError;
import sparktune.config.ConfigLoader;
import sparktune.config.DemoConfig;
import sparktune.config.SparktuneConfig;
import sparktune.corpus.InputCheck;
import sparktune.jobs.JobRunner;
import sparktune.jobs.JobSummary;
import sparktune.jobs.Stages;
import sparktune.samples.SampleCorpora;
import sparktune.spark.SparkSessions;
import sparktune.spark.Warehouse;

/**
 * {@code sparktune demo}: the whole pipeline on the embedded default ({@code conf/local.conf}):
 * sample corpora -> ingest -> clean -> split -> tokenize -> train from scratch on the
 * {@code demo.pretrain-sources} -> fine-tune on the {@code demo.finetune-sources} -> evaluate.
 * A {@code --conf} file and {@code --set} overrides apply on top of the embedded default.
 */
final class DemoCommand implements Command {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "samples -> prepare -> train from scratch -> fine-tune -> evaluate, on the embedded default";
  }

  @Override
  public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
    Config layer = ConfigLoader.resource("local.conf");
    if (args.conf() != null) {
      if (!args.conf().toFile().isFile()) {
        throw new ConfigError("Config file not found: " + args.conf());
      }
      layer = ConfigFactory.parseFile(args.conf().toFile()).withFallback(layer);
    }
    SparktuneConfig config = ConfigLoader.load(layer, args.sets());
    DemoConfig demo = config.demo();
    InputCheck.beforeSpark(config, false);
    long start = System.nanoTime();
    Map<String, Object> steps = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();

    err.println("sparktune demo: writing sample corpora to " + Path.of(demo.samplesDir()).toAbsolutePath());
    SampleCorpora.Report samples = SampleCorpora.write(Path.of(demo.samplesDir()), config.samples().sizeBytes(), config.samples().seed(), err);
    steps.put("samples", Map.of("bytes", samples.bytes(), "sources", samples.sources()));

    SparkSession spark = SparkSessions.create(config);
    try {
      for (String stage : Stages.PREPARE) {
        run(stage, stage, spark, config, out, err, steps, skipped);
      }
      SparktuneConfig pretrain = config
          .with("train.run", config.train().run() + "-base")
          .with("train.sources", demo.pretrainSources())
          .with("train.max-steps", demo.pretrainSteps())
          .with("model.init", "scratch");
      JobSummary base = run("train", "pretrain", spark, pretrain, out, err, steps, skipped);
      if (base != null) {
        SparktuneConfig finetune = config
            .with("train.sources", demo.finetuneSources())
            .with("train.max-steps", demo.finetuneSteps())
            .with("train.lr", demo.finetuneLr())
            .with("train.warmup-steps", Math.min(config.train().warmupSteps(), demo.finetuneSteps() / 10))
            .with("model.init", String.valueOf(base.get("checkpoint")));
        if (run("train", "finetune", spark, finetune, out, err, steps, skipped) != null) {
          run("evaluate", "evaluate", spark, finetune, out, err, steps, skipped);
        }
      }
    } finally {
      spark.stop();
    }

    Warehouse wh = Warehouse.of(config.warehouse());
    err.println();
    err.println("sparktune demo: done in " + Math.round((System.nanoTime() - start) / 1e9) + " s");
    err.println("  samples     " + Path.of(demo.samplesDir()).toAbsolutePath());
    err.println("  warehouse   " + wh.root() + "  (documents/, clean/, rejects/, tokenizer/, shards/, runs/, eval/, cache/)");
    err.println("  model       " + wh.run(config.train().run()) + "/checkpoints");
    err.println("  report      " + wh.run(config.train().run()) + "/report.html");
    for (String s : skipped) {
      err.println("  not run     " + s + " (not available in this build)");
    }
    JobSummary all = new JobSummary("demo").put("steps", steps).put("not_available", skipped);
    out.println(all.toJson("ok", (System.nanoTime() - start) / 1e9, config.toJson()));
    return 0;
  }

  /** Runs one stage if it exists in this build; returns its summary, or null when skipped. */
  private static JobSummary run(String stage, String label, SparkSession spark, SparktuneConfig config, PrintStream out,
      PrintStream err, Map<String, Object> steps, List<String> skipped) throws Exception {
    if (!Stages.exists(stage)) {
      skipped.add(label);
      return null;
    }
    err.println("sparktune demo: " + label);
    JobSummary s = JobRunner.run(stage, Stages.find(stage).orElseThrow(), spark, config, out);
    steps.put(label, s.counts());
    return s;
  }
}

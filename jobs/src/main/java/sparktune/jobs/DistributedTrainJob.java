package sparktune.jobs;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigError;
import sparktune.config.SparktuneConfig;
import sparktune.config.TrainConfig;
import sparktune.distributed.DistributedTrainer;
import sparktune.distributed.Gpt2Source;
import sparktune.model.Gpt2Config;
import sparktune.model.HfModelDir;
import sparktune.run.RunFolder;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.train.Gpt2Factory;
import sparktune.train.LanguageModel;
import sparktune.train.TokenBlocks;

/**
 * {@code train} with {@code train.workers > 1}: the same inputs as single-worker training, trained
 * data-parallel across Spark executors in DiLoCo rounds ({@link DistributedTrainer}). Outputs the
 * same run layout: checkpoints in Hugging Face layout, metrics.jsonl (one row per round), plots.
 */
public final class DistributedTrainJob {
  private DistributedTrainJob() {}

  /**
   * Refuses, before anything is read or written, what distributed training cannot do here: a local
   * master (all tasks in one JVM), executors with more cores than a task claims, train.* settings
   * that rounds cannot honour, and fp16 on executors that ask Spark for no GPU.
   */
  public static void check(SparkSession spark, TrainConfig cfg) {
    DistributedTrainer.checkKeys(cfg);
    String gpus = spark.sparkContext().getConf().get("spark.executor.resource.gpu.amount", "0").trim();
    if (cfg.precision().equals("fp16") && gpus.equals("0")) {
      throw ConfigError.invalid("train.precision", cfg.precision(), "fp16 mixed precision needs GPU executors: set "
          + "spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount (now " + gpus + "), or use fp32");
    }
    DistributedTrainer.checkCluster(cfg, spark.sparkContext());
  }

  /**
   * @param localInit a local copy of model.init's directory, or null for a scratch model
   * @param tokenizerFiles file name -> path of tokenizer files copied into every checkpoint
   */
  public static JobSummary execute(SparkSession spark, SparktuneConfig config, TokenBlocks train, TokenBlocks test, ShardManifest manifest,
      Path localInit, Map<String, String> tokenizerFiles, String runDir) throws Exception {
    TrainConfig cfg = config.train();
    HadoopFiles files = HadoopFiles.of(spark);
    Gpt2Factory factory = new Gpt2Factory(config.model(), manifest.eosId());
    Gpt2Config modelConfig = localInit != null
        ? HfModelDir.readConfig(localInit.toString(), null)
        : Gpt2Config.fromModelConfig(config.model(), manifest.vocabSize(), manifest.eosId());
    if (!cfg.resume()) {
      RunFolder.startFresh(files, runDir);
    }
    files.delete(runDir + "/rounds");
    DistributedTrainer trainer = new DistributedTrainer(cfg, spark.sparkContext(), runDir, System.err, config.toJson());
    try (LanguageModel initial = localInit != null ? factory.load(localInit) : factory.scratch(manifest.vocabSize(), cfg.seed())) {
      DistributedTrainer.Result r = trainer.run(initial, factory, Gpt2Source.of(modelConfig), train, test, tokenizerFiles);
      files.delete(runDir + "/rounds");
      return new JobSummary("train")
          .put("workers", cfg.workers())
          .put("start_round", r.startRound())
          .put("rounds", r.rounds())
          .put("steps", r.steps())
          .put("tokens", r.tokens())
          .put("final_train_loss", r.finalLoss())
          .put("final_eval_loss", Double.isNaN(r.finalEvalLoss()) ? null : r.finalEvalLoss())
          .put("train_seconds", Math.round(r.seconds() * 1000) / 1000.0)
          .put("tokens_per_s", Math.round(r.tokensPerSecond()))
          .put("coordination_share", Math.round(r.coordinationShare() * 10000) / 10000.0)
          .put("round_retries", r.retries())
          .put("checkpoint", r.checkpoint())
          .outputDir(runDir);
    }
  }
}

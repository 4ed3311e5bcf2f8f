package sparktune.jobs;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigError;
import sparktune.config.SparktuneConfig;
import sparktune.config.TrainConfig;
import sparktune.run.Checkpoints;
import sparktune.run.TokenizerFiles;
import sparktune.shards.ShardManifest;
import sparktune.shards.Shards;
import sparktune.spark.HadoopFiles;
import sparktune.spark.LocalTree;
import sparktune.spark.Warehouse;
import sparktune.train.Gpt2Factory;
import sparktune.train.TokenBlocks;
import sparktune.train.TrainResult;
import sparktune.train.Trainer;

/**
 * {@code train}: shards/train (+ shards/test for evaluation) -> runs/&lt;run&gt;/ with checkpoints in
 * Hugging Face layout, metrics.jsonl and plots. model.init = scratch builds a new GPT-2 from the
 * model.* sizes and the shards' vocabulary; a model directory (local or s3a) is fine-tuned.
 */
public final class TrainJob {
  private TrainJob() {}

  public static JobSummary execute(SparkSession spark, SparktuneConfig config) throws Exception {
    TrainConfig cfg = config.train();
    if (cfg.workers() == 1) {
      Trainer.checkPrecision(cfg.precision());
    } else {
      DistributedTrainJob.check(spark, cfg);
    }
    Warehouse w = Warehouse.of(config.warehouse());
    HadoopFiles files = HadoopFiles.of(spark);
    String trainDir = w.shards("train");
    String testDir = w.shards("test");
    ShardManifest manifest = Shards.manifest(files, trainDir);

    String init = config.model().fromScratch() ? null : config.model().init();
    Map<String, String> tokenizerFiles = TokenizerFiles.ofManifest(files, manifest);
    if (init != null) {
      if (!files.exists(init + "/config.json")) {
        throw ConfigError.invalid("model.init", init, "must be scratch or a model directory holding config.json and model.safetensors");
      }
      TokenizerFiles.checkMatch(files, init, trainDir, manifest);
      Map<String, String> own = TokenizerFiles.in(files, init);
      if (!own.isEmpty()) {
        tokenizerFiles = own;
      }
    }

    TokenBlocks train = TokenBlocks.read(spark, trainDir, manifest, cfg.sources());
    if (train.size() == 0) {
      throw ConfigError.invalid("train.sources", cfg.sources(), "no blocks in " + trainDir + " for these sources (present: "
          + manifest.perSource().keySet() + ")");
    }
    if (cfg.dataParts() > 1) {
      train = train.part(cfg.dataPart(), cfg.dataParts());
      if (train.size() == 0) {
        throw ConfigError.invalid("train.data-part", cfg.dataPart() + "/" + cfg.dataParts(), "selects no blocks: " + trainDir + " holds too few for this many parts");
      }
    }
    TokenBlocks test = null;
    if (files.exists(testDir + "/" + ShardManifest.FILE)) {
      test = TokenBlocks.read(spark, testDir, Shards.manifest(files, testDir), cfg.sources());
    }

    String runDir = w.run(cfg.run());
    Path localInit = null;
    Path tmp = Files.createTempDirectory("sparktune-init-");
    try {
      tokenizerFiles = TokenizerFiles.forCheckpoints(files, manifest, tokenizerFiles, tmp);
      if (init != null) {
        localInit = tmp.resolve("model");
        Checkpoints.download(files, init, localInit);
      }
      if (cfg.workers() > 1) {
        return DistributedTrainJob.execute(spark, config, train, test, manifest, localInit, tokenizerFiles, runDir);
      }
      System.err.println("train: 1 worker in this JVM, device " + Engine.getInstance().defaultDevice() + ", " + JniUtils.getNumThreads() + " threads");
      Trainer trainer = new Trainer(cfg, new Gpt2Factory(config.model(), manifest.eosId()), files, runDir, System.err, config.toJson());
      TrainResult r = trainer.run(train, test, manifest, localInit, tokenizerFiles);
      return new JobSummary("train")
          .put("steps", r.steps())
          .put("tokens", r.tokens())
          .put("final_train_loss", r.finalLoss())
          .put("final_eval_loss", Double.isNaN(r.finalEvalLoss()) ? null : r.finalEvalLoss())
          .put("train_seconds", Math.round(r.seconds() * 1000) / 1000.0)
          .put("tokens_per_s", Math.round(r.tokensPerSecond()))
          .put("checkpoint", r.checkpoint())
          .outputDir(runDir);
    } finally {
      LocalTree.delete(tmp);
    }
  }
}

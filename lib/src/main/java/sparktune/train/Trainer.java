package sparktune.train;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sparktune.config.ConfigError;
import sparktune.config.TrainConfig;
import sparktune.run.BestCheckpoint;
import sparktune.run.Checkpoints;
import sparktune.run.RunFolder;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.spark.LocalTree;

/**
 * Trains one model in this JVM: batches from the train blocks, {@link TrainStep} per optimizer step,
 * held-out evaluation every eval-every steps and/or every epoch, checkpoints every save-every steps
 * (and at the end, and with keep-best at every new best eval loss), metrics and plots. With {@code train.resume} it continues the newest checkpoint exactly where it stopped, after verifying its checksums.
 */
public final class Trainer {
  private final TrainConfig cfg;
  private final ModelFactory factory;
  private final HadoopFiles files;
  private final String runDir;
  private final PrintStream console;
  private final String configJson;

  /**
   * @param runDir {@code <warehouse>/runs/<run>} (any Hadoop file system)
   * @param console where progress lines go (stderr)
   * @param configJson the resolved config, stored in every checkpoint
   */
  public Trainer(TrainConfig cfg, ModelFactory factory, HadoopFiles files, String runDir, PrintStream console, String configJson) {
    this.cfg = cfg;
    this.factory = factory;
    this.files = files;
    this.runDir = runDir;
    this.console = console;
    this.configJson = configJson;
  }

  /** Refuses fp16 without a GPU (fp16 is mixed precision for CUDA; CPU kernels would be slow or missing). */
  public static void checkPrecision(String precision) {
    if (precision.equals("fp16") && !Engine.getInstance().defaultDevice().isGpu()) {
      throw ConfigError.invalid("train.precision", precision,
          "fp16 mixed precision needs a GPU; this JVM's device is " + Engine.getInstance().defaultDevice() + ": use fp32");
    }
  }

  /**
   * Runs the training.
   *
   * @param train training blocks
   * @param test held-out blocks (null or empty: no evaluation)
   * @param manifest the train shards' manifest (vocabulary, tokenizer)
   * @param initDir a local Hugging Face directory to fine-tune, or null for a scratch model
   * @param tokenizerFiles file name -> Hadoop path of tokenizer files copied into every checkpoint
   */
  public TrainResult run(TokenBlocks train, TokenBlocks test, ShardManifest manifest, Path initDir, Map<String, String> tokenizerFiles) throws IOException {
    Checkpoints checkpoints = new Checkpoints(files, RunFolder.checkpoints(runDir));
    RunOutputs outputs = new RunOutputs(files, runDir, console);
    TrainerState resumed = null;
    Long resumeStep = cfg.resume() ? checkpoints.resumeStep(cfg.resumeFromLastGood(), console::println).orElse(null) : null;
    if (cfg.resume() && resumeStep == null) {
      console.println("train: no checkpoint under " + checkpoints.dir() + "; starting from step 0");
    }
    if (!cfg.resume()) {
      RunFolder.startFresh(files, runDir);
    }
    Path local = Files.createTempDirectory("sparktune-train-");
    try {
      LanguageModel model;
      if (resumeStep != null) {
        Path ckpt = local.resolve("resume");
        Checkpoints.download(files, checkpoints.path(resumeStep), ckpt);
        resumed = TrainerState.parse(Files.readString(ckpt.resolve("trainer_state/state.json")), checkpoints.path(resumeStep));
        model = factory.load(ckpt);
        outputs.metrics().loadUpTo(resumed.step());
        console.println("train: resuming " + checkpoints.path(resumeStep) + " at step " + resumed.step());
      } else if (initDir != null) {
        model = factory.load(initDir);
      } else {
        model = factory.scratch(manifest.vocabSize(), cfg.seed());
      }
      try (model) {
        return loop(model, train, test, manifest, checkpoints, outputs, resumed, local, tokenizerFiles);
      }
    } finally {
      LocalTree.delete(local);
    }
  }

  private TrainResult loop(LanguageModel model, TokenBlocks train, TokenBlocks test, ShardManifest manifest, Checkpoints checkpoints,
      RunOutputs outputs, TrainerState resumed, Path local, Map<String, String> tokenizerFiles) throws IOException {
    if (manifest.vocabSize() > model.vocabSize()) {
      throw new ConfigError("Shards have vocabulary size " + manifest.vocabSize() + " but the model has " + model.vocabSize() + " (model.init = a different tokenizer's model?)");
    }
    RunPlan plan = RunPlan.of(cfg, train, model.contextSize());
    long total = plan.totalSteps();
    long stepsPerEpoch = plan.stepsPerEpoch();
    List<Batch> evalBatches = evalBatches(test, plan.seqLen());
    BestCheckpoint best = cfg.keepBest() ? BestCheckpoint.read(files, checkpoints) : null;
    long step = 0;
    long tokens = 0;
    double priorSeconds = 0;
    try (InnerLoop inner = new InnerLoop(cfg, plan, model, train, RunPlan.schedule(cfg, total), cfg.seed())) {
      BatchStream stream = inner.stream();
      if (resumed != null) {
        inner.restore(TensorFile.read(local.resolve("resume/trainer_state/optimizer.safetensors")), resumed.adamUpdates(), resumed.lossScale(),
            resumed.goodSteps());
        stream.seek(resumed.cursor());
        step = resumed.step();
        tokens = resumed.tokens();
        priorSeconds = resumed.seconds();
      }
      long start = System.nanoTime();
      long windowStart = start;
      long windowTokens = 0;
      long startStep = step;
      long tokensHere = 0;
      StepResult last = null;
      double evalLoss = Double.NaN;
      String lastCheckpoint = null;
      while (step < total) {
        double lr = inner.lr(step);
        last = inner.step(step);
        step++;
        tokens += last.tokens();
        tokensHere += last.tokens();
        windowTokens += last.tokens();
        boolean end = step == total;
        if (step % cfg.logEvery() == 0 || end) {
          long now = System.nanoTime();
          double rate = windowTokens / Math.max(1e-9, (now - windowStart) / 1e9);
          double elapsed = (now - start) / 1e9;
          double eta = elapsed / (step - startStep) * (total - step);
          outputs.logStep(step, total, stream.cursor(), last, lr, rate, priorSeconds + elapsed, eta);
          windowStart = now;
          windowTokens = 0;
        }
        boolean epochEnd = cfg.evalEveryEpoch() && step % stepsPerEpoch == 0;
        boolean improved = false;
        if (!evalBatches.isEmpty() && ((cfg.evalEvery() > 0 && (step % cfg.evalEvery() == 0 || end)) || epochEnd)) {
          double[] sumAndCount = inner.evaluate(evalBatches);
          evalLoss = sumAndCount[0] / Math.max(1, sumAndCount[1]);
          outputs.logEval(step, epochEnd ? step / stepsPerEpoch : null, evalLoss);
          improved = best != null && best.improvedBy(evalLoss);
        }
        if ((cfg.saveEvery() > 0 && step % cfg.saveEvery() == 0) || end || improved) {
          double seconds = priorSeconds + (System.nanoTime() - start) / 1e9;
          TrainerState state = new TrainerState(step, stream.cursor().epoch(), stream.cursor().position(), inner.optimizer().updates(), tokens,
              seconds, inner.scaler().scale(), inner.scaler().goodSteps(), cfg.seed(), inner.schedule(), manifest.tokenizerSha256(), configJson);
          if (improved) {
            best = best.record(step, evalLoss);
          }
          lastCheckpoint = save(checkpoints, model, inner.optimizer(), state, local.resolve("save-" + step), tokenizerFiles, best);
          outputs.plot(cfg.run());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (lastCheckpoint == null) {
        lastCheckpoint = checkpoints.path(step);
      }
      outputs.plot(cfg.run());
      return new TrainResult(step, tokens, last == null ? Double.NaN : last.loss(), evalLoss, seconds, tokensHere / Math.max(1e-9, seconds), lastCheckpoint);
    }
  }

  private List<Batch> evalBatches(TokenBlocks test, int seqLen) {
    List<Batch> out = new ArrayList<>();
    if (test == null || test.size() == 0 || cfg.evalBatches() == 0) {
      return out;
    }
    BatchStream s = new BatchStream(test, Math.min(seqLen, test.blockSize()), cfg.batchSize(), cfg.seed(), false);
    int n = (int) Math.min(cfg.evalBatches(), (s.sequences() + cfg.batchSize() - 1) / cfg.batchSize());
    for (int i = 0; i < n; i++) {
      out.add(s.next());
    }
    return out;
  }

  private String save(Checkpoints checkpoints, LanguageModel model, Optimizer adam, TrainerState state, Path dir, Map<String, String> tokenizerFiles,
      BestCheckpoint best) throws IOException {
    model.save(dir);
    for (Map.Entry<String, String> f : tokenizerFiles.entrySet()) {
      Files.write(dir.resolve(f.getKey()), files.readBytes(f.getValue()));
    }
    Path stateDir = Files.createDirectories(dir.resolve("trainer_state"));
    TensorFile.write(stateDir.resolve("optimizer.safetensors"), adam.exportState(), Map.of("step", Long.toString(state.step())));
    Files.writeString(stateDir.resolve("state.json"), state.toJson());
    String published = checkpoints.publish(state.step(), dir);
    LocalTree.delete(dir);
    if (best != null && best.step() == state.step()) {
      best.write(files, checkpoints);
    }
    checkpoints.prune(cfg.saveTotalLimit(), best == null ? -1 : best.step());
    return published;
  }
}

package sparktune.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import sparktune.config.ConfigError;
import sparktune.run.Checkpoints;
import sparktune.spark.HadoopFiles;
import sparktune.spark.LocalTree;
import sparktune.train.LanguageModel;
import sparktune.train.ModelFactory;
import sparktune.train.TensorFile;

/**
 * Distributed checkpoints {@code runs/<run>/checkpoints/step-N/} (N = rounds * H), published
 * atomically by the trainer's {@link Checkpoints} (temporary directory, checksums, rename):
 * <pre>
 * config.json, model.safetensors, tokenizer files   the global weights: a usable Hugging Face model
 * round_state/round_state.json                      {@link RoundState}: rounds done, data cursor, config
 * round_state/outer_momentum.safetensors            the outer optimizer's momentum (empty for average)
 * round_state/inner-W.safetensors                   worker W's inner optimizer state after the last round
 * checksums.sha256                                  written last
 * </pre>
 */
public final class RoundCheckpoints {
  public static final String STATE_DIR = "round_state";

  private final Configuration conf;
  private final HadoopFiles files;
  private final Checkpoints checkpoints;

  public RoundCheckpoints(Configuration conf, String dir) {
    this.conf = conf;
    this.files = new HadoopFiles(conf);
    this.checkpoints = new Checkpoints(files, dir);
  }

  public String dir() {
    return checkpoints.dir();
  }

  /** What a resumed run starts from. */
  public record Loaded(RoundState state, Map<String, TensorFile.Tensor> weights, Map<String, float[]> momentum,
      List<RoundSpec.InnerState> inner) {}

  /** A published checkpoint and the bytes of its files. */
  public record Published(String path, long bytes) {}

  /**
   * A checkpoint's files written to a local folder, not yet published: the driver logs the round
   * (with {@link #bytes()}) before it publishes, so a driver killed while publishing has logged no
   * row the next checkpoint does not cover.
   */
  public static final class Staged implements AutoCloseable {
    private final long step;
    private final Path local;
    private final long bytes;

    private Staged(long step, Path local, long bytes) {
      this.step = step;
      this.local = local;
      this.bytes = bytes;
    }

    /** Bytes of the checkpoint's files (its checksums aside). */
    public long bytes() {
      return bytes;
    }

    @Override
    public void close() throws IOException {
      LocalTree.delete(local);
    }
  }

  /**
   * Writes the checkpoint after {@code state.rounds()} rounds into a local folder.
   *
   * @param model holds the global weights (written in Hugging Face layout)
   * @param shapes tensor shapes by name (for the momentum file)
   * @param inner per worker, the inner state file its task saved after the round
   * @param extraFiles file name -> path of files to include (tokenizer)
   */
  public Staged stage(RoundState state, LanguageModel model, Map<String, float[]> momentum, Map<String, TensorFile.Tensor> shapes,
      List<RoundSpec.InnerState> inner, Map<String, String> extraFiles) throws IOException {
    Path local = Files.createTempDirectory("sparktune-checkpoint-");
    try {
      model.save(local);
      for (Map.Entry<String, String> f : extraFiles.entrySet()) {
        Files.write(local.resolve(f.getKey()), files.readBytes(f.getValue()));
      }
      Path stateDir = Files.createDirectories(local.resolve(STATE_DIR));
      Map<String, TensorFile.Tensor> m = new LinkedHashMap<>();
      momentum.forEach((name, v) -> m.put(name, new TensorFile.Tensor(shapes.get(name).shape(), v)));
      TensorFile.write(stateDir.resolve("outer_momentum.safetensors"), m, Map.of("outer", state.outer()));
      for (int w = 0; w < inner.size(); w++) {
        Files.write(stateDir.resolve("inner-" + w + ".safetensors"), files.readBytes(inner.get(w).path()));
      }
      Files.writeString(stateDir.resolve(RoundState.FILE), state.toJson());
      long bytes;
      try (var walk = Files.walk(local)) {
        bytes = walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
      return new Staged(state.step(), local, bytes);
    } catch (IOException | RuntimeException e) {
      LocalTree.delete(local);
      throw e;
    }
  }

  /** Publishes a staged checkpoint as {@code step-N/}; returns its path. */
  public String publish(Staged staged) throws IOException {
    return checkpoints.publish(staged.step, staged.local);
  }

  /** Stages and publishes the checkpoint after {@code state.rounds()} rounds ({@link #stage}). */
  public Published publish(RoundState state, LanguageModel model, Map<String, float[]> momentum, Map<String, TensorFile.Tensor> shapes,
      List<RoundSpec.InnerState> inner, Map<String, String> extraFiles) throws IOException {
    try (Staged staged = stage(state, model, momentum, shapes, inner, extraFiles)) {
      return new Published(publish(staged), staged.bytes());
    }
  }

  /**
   * The checkpoint a resume continues (see {@link Checkpoints#resumeStep}: verified, damaged ones
   * stop the run or, with {@code fromLastGood}, are moved aside); empty when the run has none.
   */
  public Optional<String> latest(boolean fromLastGood, Consumer<String> console) {
    Optional<String> p = checkpoints.resumeStep(fromLastGood, console).map(checkpoints::path);
    if (p.isPresent() && !files.exists(p.get() + "/" + STATE_DIR + "/" + RoundState.FILE)) {
      throw new ConfigError("Cannot resume " + p.get() + " with train.workers > 1: it has no " + STATE_DIR + "/" + RoundState.FILE
          + " (it was written by single-worker training)");
    }
    return p;
  }

  /**
   * Reads a checkpoint for a run of {@code workers} workers and H = {@code innerSteps}; the model
   * is loaded through {@code factory} from a local copy of its Hugging Face files.
   */
  public Loaded load(String checkpoint, ModelFactory factory, int workers, int innerSteps) throws IOException {
    String stateDir = checkpoint + "/" + STATE_DIR;
    RoundState state = RoundState.parse(files.readString(stateDir + "/" + RoundState.FILE), stateDir + "/" + RoundState.FILE);
    if (state.workers() != workers || state.innerSteps() != innerSteps) {
      throw new ConfigError("Cannot resume " + checkpoint + ": it was written with train.workers = " + state.workers()
          + " and train.inner-steps = " + state.innerSteps() + ", this run has " + workers + " and " + innerSteps);
    }
    Path local = Files.createTempDirectory("sparktune-resume-");
    Map<String, TensorFile.Tensor> weights;
    try {
      for (String f : List.of("config.json", "model.safetensors")) {
        Files.write(local.resolve(f), files.readBytes(checkpoint + "/" + f));
      }
      try (LanguageModel m = factory.load(local)) {
        weights = TensorFiles.export(m);
      }
    } finally {
      LocalTree.delete(local);
    }
    Map<String, float[]> momentum = TensorFiles.values(TensorFiles.read(conf, stateDir + "/outer_momentum.safetensors"));
    List<RoundSpec.InnerState> inner = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      double scale = state.innerLossScales() == null ? 1.0 : state.innerLossScales().get(w);
      int good = state.innerGoodSteps() == null ? 0 : state.innerGoodSteps().get(w);
      inner.add(new RoundSpec.InnerState(stateDir + "/inner-" + w + ".safetensors", state.innerUpdates().get(w), scale, good));
    }
    return new Loaded(state, weights, momentum, inner);
  }

  /** Keeps the newest {@code keep} checkpoints (0: all). */
  public void retain(int keep) {
    checkpoints.prune(keep);
  }
}

package sparktune.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import sparktune.config.ConfigError;
import sparktune.spark.HadoopFiles;
import sparktune.train.LanguageModel;
import sparktune.train.ModelFactory;
import sparktune.train.TensorFile;

/**
 * Distributed checkpoints {@code runs/<run>/checkpoints/step-N/} (N = rounds * H), published
 * atomically by {@link CheckpointStore}:
 * <pre>
 * config.json, model.safetensors, tokenizer files   the global weights, a usable Hugging Face model
 * outer_momentum.safetensors                        the outer optimizer's momentum (empty for average)
 * inner-W.safetensors                               worker W's AdamW moments after the round
 * round_state.json                                  {@link RoundState}: round, data cursor, config
 * CHECKSUMS.sha256                                  written last
 * </pre>
 */
public final class RoundCheckpoints {
  private final Configuration conf;
  private final HadoopFiles files;
  private final CheckpointStore store;
  private final String dir;

  public RoundCheckpoints(Configuration conf, String dir) {
    this.conf = conf;
    this.files = new HadoopFiles(conf);
    this.store = new CheckpointStore(files, dir);
    this.dir = dir;
  }

  public String dir() {
    return dir;
  }

  /** What a resumed run starts from. */
  public record Loaded(RoundState state, Map<String, TensorFile.Tensor> weights, Map<String, float[]> momentum,
      List<RoundSpec.InnerState> inner) {}

  /**
   * Publishes the checkpoint after {@code state.rounds()} rounds.
   *
   * @param model holds the global weights (written in Hugging Face layout)
   * @param inner per worker, the committed inner state file
   */
  public String publish(RoundState state, LanguageModel model, Map<String, float[]> momentum, Map<String, TensorFile.Tensor> global,
      List<RoundSpec.InnerState> inner, Map<String, String> extraFiles) throws IOException {
    Path local = Files.createTempDirectory("sparktune-checkpoint-");
    try {
      model.save(local);
      return store.publish(state.step(), tmp -> {
        try (var list = Files.list(local)) {
          for (Path f : list.toList()) {
            files.writeBytes(tmp + "/" + f.getFileName(), Files.readAllBytes(f));
          }
        }
        for (Map.Entry<String, String> f : extraFiles.entrySet()) {
          copy(f.getValue(), tmp + "/" + f.getKey());
        }
        Map<String, TensorFile.Tensor> m = new LinkedHashMap<>();
        momentum.forEach((name, v) -> m.put(name, new TensorFile.Tensor(global.get(name).shape(), v)));
        TensorFiles.write(conf, tmp + "/outer_momentum.safetensors", m);
        for (int w = 0; w < inner.size(); w++) {
          copy(inner.get(w).path(), tmp + "/inner-" + w + ".safetensors");
        }
        files.writeString(tmp + "/" + RoundState.FILE, state.toJson());
      });
    } finally {
      try (var walk = Files.walk(local)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The newest complete distributed checkpoint (one with a verified round_state.json). */
  public Optional<String> latest() {
    for (long step : store.steps()) {
      String p = store.path(step);
      if (files.exists(p + "/" + RoundState.FILE) && store.problem(p).isEmpty()) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a checkpoint for a run of {@code workers} workers and {@code innerSteps} H; the model is
   * loaded through {@code factory} from a local copy of its Hugging Face files.
   */
  public Loaded load(String checkpoint, ModelFactory factory, int workers, int innerSteps) throws IOException {
    RoundState state = RoundState.parse(files.readString(checkpoint + "/" + RoundState.FILE), checkpoint + "/" + RoundState.FILE);
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
      try (var walk = Files.walk(local)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    Map<String, float[]> momentum = TensorFiles.values(TensorFiles.read(conf, checkpoint + "/outer_momentum.safetensors"));
    List<RoundSpec.InnerState> inner = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      inner.add(new RoundSpec.InnerState(checkpoint + "/inner-" + w + ".safetensors", state.innerUpdates().get(w)));
    }
    return new Loaded(state, weights, momentum, inner);
  }

  /** Keeps the newest {@code keep} complete checkpoints (0: all). */
  public void retain(int keep) {
    store.retain(keep);
  }

  private void copy(String from, String to) throws IOException {
    org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(from);
    org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(to);
    FileUtil.copy(src.getFileSystem(conf), src, dst.getFileSystem(conf), dst, false, true, conf);
  }
}

package sparktune.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigLoader;
import sparktune.config.EvalConfig;
import sparktune.spark.HadoopFiles;

class EvalTargetsTest {
  @TempDir
  Path tmp;

  private final HadoopFiles files = new HadoopFiles(new Configuration());

  private Path model(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), "{}");
    Files.writeString(dir.resolve("model.safetensors"), "x");
    return dir;
  }

  private EvalConfig eval(String... sets) {
    return ConfigLoader.load((Path) null, List.of(sets)).eval();
  }

  @Test
  void runCheckpointsFollowTheSpecAndTheInitModelComesFirstAsBefore() throws Exception {
    Path run = tmp.resolve("runs/r");
    model(run.resolve("checkpoints/step-100"));
    model(run.resolve("checkpoints/step-20"));
    Files.createDirectories(run.resolve("checkpoints/step-300")); // incomplete: no weights yet
    Path init = model(tmp.resolve("gpt2"));
    EvalTargets all = EvalTargets.resolve(eval("eval.checkpoints=all"), run.toString(), init.toString(), files);
    assertThat(all.all()).extracting(EvalTarget::checkpoint).containsExactly("base", "step-20", "step-100");
    assertThat(all.before().dir()).isEqualTo(init.toString());
    assertThat(all.after().checkpoint()).isEqualTo("step-100");
    EvalTargets last = EvalTargets.resolve(eval(), run.toString(), "scratch", files);
    assertThat(last.all()).extracting(EvalTarget::checkpoint).containsExactly("step-100");
    assertThat(last.before()).isNull();
    assertThat(last.after()).isNull();
    assertThat(EvalTargets.resolve(eval("eval.checkpoints=\"20\""), run.toString(), "scratch", files).all())
        .extracting(EvalTarget::dir).containsExactly(run + "/checkpoints/step-20");
  }

  @Test
  void missingCheckpointsAndBadModelsAreNamed() throws Exception {
    Path run = tmp.resolve("runs/empty");
    assertThatThrownBy(() -> EvalTargets.resolve(eval(), run.toString(), "scratch", files))
        .hasMessage("No checkpoints to evaluate in " + run + "/checkpoints (run sparktune train first, or list model directories in eval.models)");
    model(tmp.resolve("runs/r/checkpoints/step-5"));
    assertThatThrownBy(() -> EvalTargets.resolve(eval("eval.checkpoints=\"7\""), tmp.resolve("runs/r").toString(), "scratch", files))
        .hasMessageContaining("no checkpoint step-7").hasMessageContaining("found steps [5]");
    assertThatThrownBy(() -> EvalTargets.resolve(eval("eval.models=[\"" + tmp.resolve("nothing") + "\"]"), run.toString(), "scratch", files))
        .hasMessageStartingWith("Invalid eval.models[0]: " + tmp.resolve("nothing"));
  }
}

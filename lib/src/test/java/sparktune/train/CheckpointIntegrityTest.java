package sparktune.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.TrainConfig;
import sparktune.model.ModelDirChecksums;
import sparktune.run.Checkpoints;
import sparktune.spark.HadoopFiles;
import sparktune.testing.CyclicBlocks;
import sparktune.testing.OneTorchThread;

/** A resume verifies checkpoints: a flipped byte stops it, or, when asked, the damaged checkpoint is set aside and named. */
@ExtendWith(OneTorchThread.class)
class CheckpointIntegrityTest {
  @TempDir static Path shared;
  private static Path trained;
  @TempDir Path tmp;
  private Path run;
  private Path ckpts;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private static TrainResult train(Path run, ByteArrayOutputStream console, String... sets) throws Exception {
    TrainConfig cfg = TrainerTest.config(sets);
    Trainer trainer = new Trainer(cfg, TinyLm.factory(16, 0.1f), new HadoopFiles(new Configuration()), run.toString(),
        new PrintStream(console, true), "{}");
    return trainer.run(CyclicBlocks.of(12, 16, TrainerTest.VOCAB, 3), CyclicBlocks.of(3, 16, TrainerTest.VOCAB, 4), TrainerTest.manifest(),
        null, Map.of());
  }

  private TrainResult train(String... sets) throws Exception {
    return train(run, console, sets);
  }

  /** Flips one byte in the middle of a checkpoint file; returns the file's new sha256. */
  private static String flipByte(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x01;
    Files.write(file, b);
    return ModelDirChecksums.sha256(Files.newInputStream(file));
  }

  private static String recorded(Path checkpoint, String file) throws Exception {
    return Files.readAllLines(checkpoint.resolve("checksums.sha256")).stream().filter(l -> l.endsWith("  " + file)).findFirst().orElseThrow()
        .substring(0, 64);
  }

  @BeforeAll
  static void trainEightSteps() throws Exception {
    trained = shared.resolve("trained");
    train(trained, new ByteArrayOutputStream(), "train.max-steps=8", "train.save-every=4", "train.eval-every=0");
  }

  @BeforeEach
  void copyTheRun() throws Exception {
    run = tmp.resolve("run");
    ckpts = run.resolve("checkpoints");
    try (var walk = Files.walk(trained)) {
      for (Path p : walk.toList()) {
        Path to = run.resolve(trained.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    assertThat(ckpts.resolve("step-4")).isDirectory();
    assertThat(ckpts.resolve("step-8")).isDirectory();
  }

  @Test
  void resumeStopsOnADamagedNewestCheckpointNamingTheFileAndBothHashesAndKeepsIt() throws Exception {
    Path newest = ckpts.resolve("step-8");
    String expected = recorded(newest, "model.safetensors");
    String actual = flipByte(newest.resolve("model.safetensors"));
    flipByte(ckpts.resolve("step-4/model.safetensors"));
    byte[] damaged = Files.readAllBytes(newest.resolve("model.safetensors"));
    String metrics = Files.readString(run.resolve("metrics.jsonl"));

    assertThatThrownBy(() -> train("train.max-steps=12", "train.save-every=4", "train.resume=true"))
        .isInstanceOf(ModelDirChecksums.Damaged.class)
        .hasMessage("Damaged model directory " + newest + ": model.safetensors has sha256 " + actual + " but checksums.sha256 records "
            + expected + ". Resume stopped; to resume from the newest intact checkpoint instead, set train.resume-from-last-good = true"
            + " (--resume-from-last-good): damaged checkpoints are then moved to " + ckpts + "/.damaged/");
    assertThat(newest.resolve("model.safetensors")).hasBinaryContent(damaged);
    assertThat(run.resolve("metrics.jsonl")).hasContent(metrics.strip());
    assertThat(console.toString()).doesNotContain("starting from step 0");
  }

  @Test
  void resumeFromLastGoodMovesTheDamagedCheckpointAsideNamesItAndContinuesTheOlderOne() throws Exception {
    Path newest = ckpts.resolve("step-8");
    String expected = recorded(newest, "model.safetensors");
    String actual = flipByte(newest.resolve("model.safetensors"));
    byte[] damaged = Files.readAllBytes(newest.resolve("model.safetensors"));

    TrainResult r = train("train.max-steps=8", "train.save-every=4", "train.eval-every=0", "train.save-total-limit=1", "train.resume=true",
        "train.resume-from-last-good=true");

    assertThat(console.toString())
        .contains("train: Damaged model directory " + newest + ": model.safetensors has sha256 " + actual + " but checksums.sha256 records "
            + expected + "; moved " + newest + " to " + ckpts + "/.damaged/step-8\n")
        .contains("resuming " + ckpts + "/step-4 at step 4");
    assertThat(r.steps()).isEqualTo(8);
    assertThat(ckpts.resolve(".damaged/step-8/model.safetensors")).hasBinaryContent(damaged);
    Checkpoints after = new Checkpoints(new HadoopFiles(new Configuration()), ckpts.toString());
    assertThat(after.steps()).containsExactly(8L);
    assertThat(after.verify(after.path(8))).isTrue();
  }

  @Test
  void resumeFromLastGoodWithEveryCheckpointDamagedNeverStartsOver() throws Exception {
    flipByte(ckpts.resolve("step-8/model.safetensors"));
    Files.delete(ckpts.resolve("step-4/checksums.sha256"));

    assertThatThrownBy(() -> train("train.max-steps=12", "train.save-every=4", "train.resume=true", "train.resume-from-last-good=true"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No intact checkpoint under " + ckpts + ": all 2 were damaged and moved to " + ckpts
            + "/.damaged/; run without --resume to start the run over");
    assertThat(console.toString())
        .contains("train: Damaged checkpoint " + ckpts + "/step-4: checksums.sha256 is missing (it is written last when a checkpoint is published)"
            + "; moved " + ckpts + "/step-4 to " + ckpts + "/.damaged/step-4");
    assertThat(ckpts.resolve(".damaged/step-8/model.safetensors")).exists();
    assertThat(ckpts.resolve(".damaged/step-4/model.safetensors")).exists();
    assertThat(ckpts.resolve("step-12")).doesNotExist();
  }

  @Test
  void modelInitFromADamagedCheckpointStopsNamingTheCheckpointNotItsLocalCopy() throws Exception {
    Path step4 = ckpts.resolve("step-4");
    String expected = recorded(step4, "trainer_state/optimizer.safetensors");
    String actual = flipByte(step4.resolve("trainer_state/optimizer.safetensors"));
    Path local = tmp.resolve("init");

    assertThatThrownBy(() -> Checkpoints.download(new HadoopFiles(new Configuration()), step4.toString(), local))
        .isInstanceOf(ModelDirChecksums.Damaged.class)
        .hasMessage("Damaged model directory " + step4 + ": trainer_state/optimizer.safetensors has sha256 " + actual
            + " but checksums.sha256 records " + expected);
    assertThat(local).doesNotExist();
  }
}

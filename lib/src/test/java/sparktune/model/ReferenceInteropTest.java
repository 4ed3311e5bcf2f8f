package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written by Java load into the independent PyTorch reference with the same logits.
 * Runs only where a python3 with torch is installed (Debian {@code python3-torch}); the committed
 * golden files cover the other direction everywhere.
 */
class ReferenceInteropTest {
  @TempDir Path tmp;

  static String pythonWithTorch() {
    for (String py : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(py, "-c", "import torch, numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return py;
        }
      } catch (IOException | InterruptedException e) {
        // try the next candidate
      }
    }
    return null;
  }

  static String referenceLogits(String python, Path script, Path dir) throws Exception {
    Process p = new ProcessBuilder(python, script.toString(), "logits", dir.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    return out;
  }

  @Test
  void javaWrittenCheckpointsGiveTheSameLogitsInTheReference() throws Exception {
    String python = pythonWithTorch();
    assumeTrue(python != null, "python3 with torch not installed");
    Golden g = Golden.load();
    Path script = g.dir.resolve("reference_gpt2.py");
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      Random rnd = new Random(5); // move every weight, so the file differs from the committed one
      for (Parameter p : model.namedParameters().values()) {
        float[] v = p.getArray().toFloatArray();
        for (int i = 0; i < v.length; i++) {
          v[i] += (float) (0.05 * rnd.nextGaussian());
        }
        p.getArray().set(FloatBuffer.wrap(v));
      }
      for (SafetensorsDtype dtype : List.of(SafetensorsDtype.F32, SafetensorsDtype.F16)) {
        Path dir = tmp.resolve(dtype.name());
        HfModelDir.save(model, dir.toString(), dtype, null, null);
        Gpt2Model back = HfModelDir.load(dir.toString(), null, manager);
        NDArray logits = back.logits(manager.create(g.ids), false);
        Golden ref = Golden.parse(referenceLogits(python, script, dir));
        float[] got = logits.toFloatArray();
        float maxDiff = 0;
        for (int i = 0; i < got.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(got[i] - ref.logits[i]));
        }
        assertThat(maxDiff).as(dtype.name()).isLessThan(1e-4f);
      }
    }
  }
}

package sparktune.natives;

import ai.djl.util.Platform;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Lets the jar of a GPU build ({@code mvn -Pgpu package}) start on a node without a CUDA GPU.
 * GPU executors have DJL's CUDA native jar on their classpath; DJL loads a bundled native only when
 * its flavor matches the node, and otherwise (or with no native jar on the classpath at all) looks
 * in its cache directory for {@code <version>-cpu-<os>-<arch>} and, offline, fails when that is
 * missing. The GPU build's jar carries the CPU native of the same PyTorch version: its libraries
 * where DJL's native jars keep them ({@code pytorch/cpu/<os>-<arch>/}) and its
 * {@code pytorch.properties} under {@value #CPU_PROPERTIES}. On a node without a GPU, or without
 * the CUDA native jar, this class unpacks those libraries into that cache directory once, before
 * DJL loads PyTorch, so DJL finds them there without any network access.
 */
public final class TorchNatives {
  /** The {@code native/lib/pytorch.properties} of the CPU native that the GPU jar carries. */
  public static final String CPU_PROPERTIES = "sparktune/pytorch-cpu/native/lib/pytorch.properties";

  private static final String BUNDLED = "native/lib/pytorch.properties";

  private TorchNatives() {}

  /**
   * Makes DJL find a loadable PyTorch native on this node. Does nothing in a CPU build's jar (no
   * {@value #CPU_PROPERTIES}), when {@code PYTORCH_LIBRARY_PATH} names a libtorch, or when the CUDA
   * native jar is on the classpath and the node has a CUDA GPU.
   *
   * @return the directory the CPU native was unpacked into, or {@code null} when nothing was needed
   */
  public static synchronized Path selectForThisNode() {
    Properties bundled = properties(BUNDLED);
    Properties cpu = properties(CPU_PROPERTIES);
    if (cpu == null || System.getenv("PYTORCH_LIBRARY_PATH") != null) {
      return null;
    }
    if (bundled != null && !bundled.getProperty("flavor", "").startsWith("cu")) {
      return null;
    }
    if (bundled != null && CudaUtils.getGpuCount() > 0) {
      return null;
    }
    String build = cpu.getProperty("version", "");
    if (bundled != null && !build.equals(bundled.getProperty("version"))) {
      throw new IllegalStateException("The jar's CPU PyTorch native (" + CPU_PROPERTIES + ") is version " + build
          + " but its CUDA native (" + BUNDLED + ") is " + bundled.getProperty("version") + "; expected the same version");
    }
    // DJL names the directory after the engine's PyTorch version (2.5.1), not the native build (2.5.1-20241113).
    String version = Platform.fromSystem("pytorch").getVersion();
    String classifier = cpu.getProperty("classifier", "linux-x86_64");
    Path dir = Utils.getEngineCacheDir("pytorch").resolve(version + "-cpu-" + classifier);
    if (Files.exists(dir.resolve(System.mapLibraryName("torch")))) {
      return dir;
    }
    try {
      Files.createDirectories(dir.getParent());
      Path tmp = Files.createTempDirectory(dir.getParent(), "cpu-natives");
      for (String file : cpu.getProperty("libraries", "").split(",")) {
        if (file.isBlank()) {
          continue;
        }
        String resource = "pytorch/" + cpu.getProperty("flavor", "cpu") + "/" + classifier + "/" + file.strip();
        try (InputStream in = TorchNatives.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException(CPU_PROPERTIES + " lists " + file + " but the classpath has no " + resource);
          }
          Files.copy(in, tmp.resolve(file.strip()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.exists(dir.resolve(System.mapLibraryName("torch")))) {
          throw raced;
        }
        Utils.deleteQuietly(tmp);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack the CPU PyTorch native into " + dir, e);
    }
  }

  private static Properties properties(String resource) {
    try (InputStream in = TorchNatives.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource + " from the classpath", e);
    }
  }
}

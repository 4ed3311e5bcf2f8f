package sparktune.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Maven from a test with the Maven installation and local repository of the build running the
 * test (passed in by surefire as {@code sparktune.maven.*}); it reaches Maven Central only for
 * what that repository lacks.
 */
final class MavenBuild {
  private MavenBuild() {}

  /** Runs {@code mvn -B -q <args>} in {@code dir}; fails with Maven's output when it does not succeed in time. */
  static void run(Path dir, Path log, int timeoutMinutes, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable());
    cmd.add("-B");
    cmd.add("-q");
    String repo = System.getProperty("sparktune.maven.repo", "");
    if (!repo.isBlank() && !repo.startsWith("${")) {
      cmd.add("-Dmaven.repo.local=" + repo);
    }
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeoutMinutes + " min: " + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ": " + Files.readString(log));
    }
  }

  private static String executable() {
    String home = System.getProperty("sparktune.maven.home", "");
    if (!home.isBlank() && !home.startsWith("${")) {
      Path mvn = Path.of(home, "bin", "mvn");
      if (Files.isExecutable(mvn)) {
        return mvn.toString();
      }
    }
    return "mvn";
  }
}

package sparktune.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The jar for spark-submit, {@code jobs/target/sparktune-jobs-<version>-spark.jar}: built with
 * {@code mvn -DskipTests package} when it is missing or older than the sources and poms it is made from.
 */
final class ShadedJar {
  private ShadedJar() {}

  static Path upToDate(Path root) throws IOException, InterruptedException {
    Optional<Path> jar = find(root);
    if (jar.isPresent() && !Files.getLastModifiedTime(jar.get()).toInstant().isBefore(newestSource(root).toInstant())) {
      return jar.get();
    }
    MavenBuild.run(root, root.resolve("jobs/target/shaded-jar-build.log"), 15, List.of("-DskipTests", "package", "-pl", "jobs", "-am"));
    return find(root).orElseThrow(() -> new IllegalStateException("mvn package wrote no *-spark.jar into " + root.resolve("jobs/target")));
  }

  private static Optional<Path> find(Path root) throws IOException {
    Path target = root.resolve("jobs/target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("sparktune-jobs-.*-spark\\.jar")).findFirst();
    }
  }

  private static FileTime newestSource(Path root) throws IOException {
    FileTime newest = FileTime.fromMillis(0);
    for (String tree : List.of("pom.xml", "lib/pom.xml", "jobs/pom.xml", "lib/src/main", "jobs/src/main")) {
      try (Stream<Path> walk = Files.walk(root.resolve(tree))) {
        FileTime t = walk.filter(Files::isRegularFile).map(ShadedJar::modified).max(FileTime::compareTo).orElse(newest);
        newest = t.compareTo(newest) > 0 ? t : newest;
      }
    }
    return newest;
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

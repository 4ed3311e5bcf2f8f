package sparktune.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stock Spark 3.5.9 (Scala 2.12) installation without the distribution's download:
 * {@code jars/} holds the jars of spark-sql, spark-mllib, spark-hive and spark-yarn with their
 * runtime dependencies, copied from the Maven repository by the throwaway pom in
 * {@code src/test/resources/stock-spark}, and {@code bin/spark-submit} runs Spark's own launcher.
 */
final class StockSparkHome {
  /** Jars of a Spark 3.5.9 distribution that these four modules bring (spark-kubernetes is not published for 2.12). */
  static final int JARS = 208;

  private StockSparkHome() {}

  /** Assembles (or refreshes) the installation at {@code home} and returns it. */
  static Path assemble(Path root, Path home) throws IOException, InterruptedException {
    Path resources = root.resolve("jobs/src/test/resources/stock-spark");
    Path jars = home.resolve("jars");
    if (countJars(jars) != JARS) {
      MavenBuild.run(root, home.resolve("copy-dependencies.log"), 10, List.of("-f", resources.resolve("pom.xml").toString(),
          "dependency:copy-dependencies", "-DoutputDirectory=" + jars));
    }
    Files.createDirectories(home.resolve("bin"));
    Path submit = home.resolve("bin/spark-submit");
    Files.copy(resources.resolve("bin/spark-submit"), submit, StandardCopyOption.REPLACE_EXISTING);
    if (!submit.toFile().setExecutable(true)) {
      throw new IOException("Cannot make " + submit + " executable");
    }
    return home;
  }

  static int countJars(Path jars) throws IOException {
    if (!Files.isDirectory(jars)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(jars)) {
      return (int) files.filter(p -> p.toString().endsWith(".jar")).count();
    }
  }
}

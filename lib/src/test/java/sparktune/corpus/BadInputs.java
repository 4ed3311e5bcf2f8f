package sparktune.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The committed bad-input corpus under {@code src/test/resources/bad-inputs/}, copied where a test wants it. */
final class BadInputs {
  private BadInputs() {}

  /** Copies {@code bad-inputs/<name>} (a file or a folder) to {@code target} and returns target. */
  static Path copy(String name, Path target) {
    try {
      Path from = Path.of(BadInputs.class.getResource("/bad-inputs/" + name).toURI());
      try (Stream<Path> all = Files.walk(from)) {
        for (Path p : all.toList()) {
          Path to = target.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.createDirectories(to.getParent());
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

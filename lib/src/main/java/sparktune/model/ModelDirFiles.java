package sparktune.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import sparktune.spark.HadoopFiles;

/**
 * The files of one model directory: plain file I/O for local paths and {@code file:} URIs, a
 * Hadoop file system for the others ({@code s3a://}, {@code hdfs://}).
 */
final class ModelDirFiles {
  private final String dir;
  private final Path local;
  private final HadoopFiles hadoop;

  /** A directory read through {@code conf} when not local; {@code conf} may be null for local ones. */
  ModelDirFiles(String dir, Configuration conf) {
    this(dir, isLocal(dir) ? null : new HadoopFiles(requireConf(dir, conf)));
  }

  /** A directory read through {@code files} when not local (a default configuration when null). */
  ModelDirFiles(String dir, HadoopFiles files) {
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    boolean isLocal = isLocal(dir);
    this.local = !isLocal ? null : dir.startsWith("file:") ? Path.of(URI.create(dir)) : Path.of(dir);
    this.hadoop = isLocal ? null : files != null ? files : new HadoopFiles(new Configuration());
  }

  private static boolean isLocal(String dir) {
    return !dir.contains("://") || dir.startsWith("file:");
  }

  private static Configuration requireConf(String dir, Configuration conf) {
    if (conf == null) {
      throw new IllegalArgumentException("Model directory " + dir + " is not local: a Hadoop Configuration is needed");
    }
    return conf;
  }

  String path(String name) {
    return local != null ? local.resolve(name).toString() : dir + "/" + name;
  }

  boolean exists(String name) {
    return local != null ? Files.isRegularFile(local.resolve(name)) : hadoop.exists(path(name));
  }

  InputStream open(String name) throws IOException {
    return local != null ? Files.newInputStream(local.resolve(name)) : hadoop.open(path(name));
  }

  OutputStream create(String name) throws IOException {
    return local != null ? Files.newOutputStream(local.resolve(name)) : hadoop.create(path(name));
  }

  void mkdirs() {
    if (local != null) {
      try {
        Files.createDirectories(local);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create model directory " + local, e);
      }
    }
  }

  String readString(String name) {
    return new String(readBytes(name), StandardCharsets.UTF_8);
  }

  byte[] readBytes(String name) {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path(name), e);
    }
  }

  void writeString(String name, String content) {
    writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
  }

  void writeBytes(String name, byte[] content) {
    try (OutputStream out = create(name)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path(name), e);
    }
  }
}

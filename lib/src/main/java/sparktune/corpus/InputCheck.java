package sparktune.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import sparktune.config.ConfigError;
import sparktune.config.SourceConfig;

/** Checks that a source's input exists before anything is read or written; errors name source and path. */
final class InputCheck {
  private InputCheck() {}

  static FileStatus status(Configuration conf, SourceConfig source) {
    Path p = new Path(source.path());
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw missing(source, "does not exist");
      }
      return fs.getFileStatus(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + where(source), e);
    }
  }

  /** Files under the source path (recursive) whose name matches {@code suffix}, sorted by path. */
  static List<Path> files(Configuration conf, SourceConfig source, String suffix) {
    FileStatus st = status(conf, source);
    List<Path> out = new ArrayList<>();
    try {
      if (st.isFile()) {
        if (st.getPath().getName().endsWith(suffix)) {
          out.add(st.getPath());
        }
        return out;
      }
      FileSystem fs = st.getPath().getFileSystem(conf);
      if (fs instanceof LocalFileSystem) {
        walk(fs, st.getPath(), suffix, out);
      } else { // object stores list a whole prefix in a few calls
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (f.isFile() && f.getPath().getName().endsWith(suffix)) {
            out.add(f.getPath());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + where(source), e);
    }
    out.sort(null);
    return out;
  }

  /**
   * Recursive listing with plain FileStatus; symbolic links to folders are not followed (links to
   * files are). On the local file system {@code listFiles} builds a
   * LocatedFileStatus per file, which reads the file's permissions by starting an {@code ls}
   * process: seconds for a few thousand files.
   */
  private static void walk(FileSystem fs, Path dir, String suffix, List<Path> out) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.isDirectory()) {
        // A linked folder is not entered: a link to a parent would repeat the tree without end.
        if (!java.nio.file.Files.isSymbolicLink(java.nio.file.Path.of(f.getPath().toUri().getPath()))) {
          walk(fs, f.getPath(), suffix, out);
        }
      } else if (f.getPath().getName().endsWith(suffix)) {
        out.add(f.getPath());
      }
    }
  }

  static ConfigError missing(SourceConfig source, String what) {
    return new ConfigError("Missing input for " + where(source) + ": " + source.path() + " " + what);
  }

  static String where(SourceConfig source) {
    return "source '" + source.name() + "' (" + source.type().id() + ")";
  }

  /** The zero-length files among {@code files}, as path strings. */
  static List<String> emptyFiles(Configuration conf, List<Path> files) {
    List<String> out = new ArrayList<>();
    try {
      for (Path f : files) {
        if (f.getFileSystem(conf).getFileStatus(f).getLen() == 0) {
          out.add(f.toUri().getPath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + files, e);
    }
    return out;
  }
}

package sparktune.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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
      RemoteIterator<LocatedFileStatus> it = st.getPath().getFileSystem(conf).listFiles(st.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (f.isFile() && f.getPath().getName().endsWith(suffix)) {
          out.add(f.getPath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + where(source), e);
    }
    out.sort(null);
    return out;
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

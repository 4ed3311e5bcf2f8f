package sparktune.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small file operations on any Hadoop file system (local, HDFS, S3A), so warehouse side files
 * (summaries, manifests, checkpoints, metrics, reports, plots) work wherever the warehouse lives.
 * On the local file system these files are written without Hadoop's {@code .name.crc} side files
 * (Spark's own Delta and Parquet writes keep theirs); a stale side file is removed when its file
 * is rewritten.
 */
public final class HadoopFiles {
  private static FileSystem uncheckedLocal;

  private final Configuration conf;

  public HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  public static HadoopFiles of(org.apache.spark.sql.SparkSession spark) {
    return new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  public FileSystem fs(String path) {
    try {
      FileSystem fs = new Path(path).getFileSystem(conf);
      return fs.getClass() == LocalFileSystem.class ? uncheckedLocal(fs) : fs;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open file system for " + path, e);
    }
  }

  /**
   * A private local file system that writes no checksum side files. Spark's cached instance is left
   * as it is, so Delta and Parquet writes keep their checksums.
   */
  private static synchronized FileSystem uncheckedLocal(FileSystem cached) throws IOException {
    if (uncheckedLocal == null) {
      FileSystem fs = FileSystem.newInstance(cached.getUri(), cached.getConf());
      fs.setWriteChecksum(false);
      uncheckedLocal = fs;
    }
    return uncheckedLocal;
  }

  public boolean exists(String path) {
    try {
      return fs(path).exists(new Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes text, replacing the file. On object stores a single PUT is atomic. */
  public void writeString(String path, String content) {
    writeBytes(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public void writeBytes(String path, byte[] content) {
    try (OutputStream out = fs(path).create(new Path(path), true)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }

  public String readString(String path) {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  public byte[] readBytes(String path) {
    try (InputStream in = fs(path).open(new Path(path))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  public OutputStream create(String path) {
    try {
      return fs(path).create(new Path(path), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }

  public InputStream open(String path) {
    try {
      return fs(path).open(new Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /** Children of a directory (empty when it does not exist). */
  public List<String> list(String dir) {
    List<String> out = new ArrayList<>();
    try {
      FileSystem fs = fs(dir);
      Path p = new Path(dir);
      if (!fs.exists(p)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(p)) {
        out.add(st.getPath().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    return out;
  }

  public void delete(String path) {
    try {
      fs(path).delete(new Path(path), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path, e);
    }
  }

  /** Renames src to dst (atomic on HDFS and local file systems). */
  public void rename(String src, String dst) {
    try {
      if (!fs(src).rename(new Path(src), new Path(dst))) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rename " + src + " to " + dst, e);
    }
  }
}

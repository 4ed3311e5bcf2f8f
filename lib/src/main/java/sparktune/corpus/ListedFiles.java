package sparktune.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The files a file-based source's check listed, as units: each file is one unit, named by its path
 * relative to the source, with the fingerprint {@code <length> bytes, modified <epoch ms>}. Empty
 * files are kept apart: Spark's file sources skip them, so readers reject them from the listing.
 */
final class ListedFiles {
  private final RelativePath relative;
  private final List<FileStatus> files;

  ListedFiles(List<FileStatus> files, RelativePath relative) {
    this.files = List.copyOf(files);
    this.relative = relative;
  }

  boolean isEmpty() {
    return files.isEmpty();
  }

  /** unit -> fingerprint, in listing order. */
  Map<String, String> fingerprints() {
    Map<String, String> out = new LinkedHashMap<>();
    for (FileStatus f : files) {
      out.put(unit(f), f.getLen() + " bytes, modified " + f.getModificationTime());
    }
    return out;
  }

  /** The non-empty files of {@code units} (null: all). */
  List<Path> nonEmpty(Set<String> units) {
    List<Path> out = new ArrayList<>();
    for (FileStatus f : files) {
      if (f.getLen() > 0 && (units == null || units.contains(unit(f)))) {
        out.add(f.getPath());
      }
    }
    return out;
  }

  /** The decoded paths of the empty files of {@code units} (null: all). */
  List<String> empty(Set<String> units) {
    List<String> out = new ArrayList<>();
    for (FileStatus f : files) {
      if (f.getLen() == 0 && (units == null || units.contains(unit(f)))) {
        out.add(f.getPath().toUri().getPath());
      }
    }
    return out;
  }

  private String unit(FileStatus f) {
    return relative.of(f.getPath().toString());
  }
}

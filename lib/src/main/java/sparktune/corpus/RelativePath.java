package sparktune.corpus;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.fs.Path;

/**
 * Turns the file paths Spark reports (URIs, possibly percent-encoded: {@code file:/a%20b/c.txt})
 * into paths relative to a source root ({@code c.txt}), so origins and doc_ids do not depend on
 * where the corpus is mounted. Spaces and non-ASCII names come out decoded.
 */
public final class RelativePath implements Serializable {
  private final String root;

  /** @param root the decoded absolute path of the source folder (or of its single file) */
  public RelativePath(String root) {
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  /** The decoded path part of a path or URI string. */
  public static String decodedPath(String pathOrUri) {
    try {
      URI uri = new URI(pathOrUri);
      if (uri.getPath() != null) {
        return uri.getPath();
      }
    } catch (URISyntaxException e) {
      // Not a URI (an unencoded space, for example): a plain path.
    }
    return new Path(pathOrUri).toUri().getPath();
  }

  /** {@code a/b.txt} for {@code <root>/a/b.txt}; the file name when the root is the file itself. */
  public String of(String pathOrUri) {
    String p = decodedPath(pathOrUri);
    if (p.equals(root)) {
      return new Path(p).getName();
    }
    if (p.startsWith(root + "/")) {
      return p.substring(root.length() + 1);
    }
    throw new IllegalArgumentException("File " + p + " is not under the source root " + root);
  }
}

package sparktune.model;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** The local disk under the {@code stlocal://} scheme, so the Hadoop code path runs without a cluster. */
public class SchemeLocalFileSystem extends RawLocalFileSystem {
  @Override
  public URI getUri() {
    return URI.create("stlocal:///");
  }

  @Override
  public String getScheme() {
    return "stlocal";
  }
}

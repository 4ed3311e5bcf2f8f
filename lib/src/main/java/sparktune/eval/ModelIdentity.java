package sparktune.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import sparktune.spark.HadoopFiles;

/**
 * The content identity of a model directory: the sha256 of its weights. With one
 * {@code .safetensors} file it is that file's sha256 (what {@code sha256sum model.safetensors}
 * prints); with several (sharded weights) it is the sha256 of the lines {@code "<sha256>  <name>\n"}
 * in name order. The same weights copied elsewhere have the same identity; new weights at the same
 * path have a new one.
 */
public final class ModelIdentity {
  private ModelIdentity() {}

  /** Identity of the model in {@code dir}; fails naming the directory when it holds no .safetensors file. */
  public static String sha256(HadoopFiles files, String dir) {
    List<String> names = new ArrayList<>();
    for (String child : files.list(dir)) {
      String name = child.substring(child.lastIndexOf('/') + 1);
      if (name.endsWith(".safetensors")) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("No .safetensors weights in " + dir + " (expected model.safetensors or its shards)");
    }
    names.sort(null);
    if (names.size() == 1) {
      return fileSha256(files, dir + "/" + names.get(0));
    }
    StringBuilder lines = new StringBuilder();
    for (String name : names) {
      lines.append(fileSha256(files, dir + "/" + name)).append("  ").append(name).append('\n');
    }
    return HexFormat.of().formatHex(digest().digest(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static String fileSha256(HadoopFiles files, String path) {
    MessageDigest md = digest();
    try (InputStream in = files.open(path)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

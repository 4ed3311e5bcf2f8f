package sparktune.spark;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;

/**
 * The layout under the warehouse root (a local path or a Hadoop URI such as s3a://bucket/prefix).
 * <pre>
 * documents/  clean/  rejects/        Delta tables
 * shards/train/ shards/test/          Parquet + manifest.json
 * tokenizer/                          a trained tokenizer.json
 * runs/&lt;run&gt;/                         checkpoints, metrics.jsonl, plots, report
 * eval/                               Delta table of evaluation rows
 * cache/minhash/                      Delta table of MinHash signatures (split; safe to delete)
 * cache/clean/                        Delta table of per-document clean results (clean; safe to delete)
 * </pre>
 */
public final class Warehouse implements Serializable {
  private final String root;

  private Warehouse(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** A local relative path resolves against the working directory. */
  public static Warehouse of(String location) {
    if (hasScheme(location)) {
      return new Warehouse(location);
    }
    return new Warehouse(Path.of(location).toAbsolutePath().normalize().toString());
  }

  static boolean hasScheme(String location) {
    try {
      String scheme = new URI(location).getScheme();
      return scheme != null && scheme.length() > 1; // "C:" is a drive, not a scheme
    } catch (Exception e) {
      return false;
    }
  }

  public String root() {
    return root;
  }

  public boolean isLocal() {
    return !hasScheme(root) || root.startsWith("file:");
  }

  public String resolve(String relative) {
    return root + "/" + relative;
  }

  public String documents() {
    return resolve("documents");
  }

  public String clean() {
    return resolve("clean");
  }

  public String rejects() {
    return resolve("rejects");
  }

  /** {@code shards/<split>} for split train or test. */
  public String shards(String split) {
    return resolve("shards/" + split);
  }

  public String tokenizer() {
    return resolve("tokenizer");
  }

  public String run(String name) {
    return resolve("runs/" + name);
  }

  public String eval() {
    return resolve("eval");
  }

  /** MinHash signatures of clean documents kept between split runs. */
  public String minhashCache() {
    return resolve("cache/minhash");
  }

  /** What clean decided per document, kept between clean runs. */
  public String cleanCache() {
    return resolve("cache/clean");
  }

  @Override
  public String toString() {
    return root;
  }
}

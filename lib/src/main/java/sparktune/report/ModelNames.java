package sparktune.report;

/**
 * How the report names a model directory: never by absolute path. A run directory
 * {@code <warehouse>/runs/<run>} is its run name; another directory inside the warehouse is its
 * path relative to the warehouse; one outside it is its last path segment.
 */
public final class ModelNames {
  private ModelNames() {}

  /** The name of {@code model} for a report of the warehouse at {@code warehouse} ("" when unknown). */
  public static String of(String model, String warehouse) {
    String dir = strip(model);
    String root = strip(warehouse);
    if (!root.isEmpty() && dir.startsWith(root + "/")) {
      String relative = dir.substring(root.length() + 1);
      return relative.startsWith("runs/") && relative.indexOf('/', 5) < 0 ? relative.substring(5) : relative;
    }
    return dir.substring(dir.lastIndexOf('/') + 1);
  }

  /** "name step-N", or the name alone for a plain model directory. */
  public static String withCheckpoint(String model, String checkpoint, String warehouse) {
    return checkpoint.equals(sparktune.eval.EvalTarget.BASE) ? of(model, warehouse) : of(model, warehouse) + " " + checkpoint;
  }

  private static String strip(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}

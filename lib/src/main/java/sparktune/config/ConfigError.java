package sparktune.config;

/**
 * A configuration problem found before any output is written. The message names the key, the value
 * found and what was expected, e.g. {@code Invalid tokenize.block-size: 0 (must be 8..8192)}.
 */
public final class ConfigError extends IllegalArgumentException {
  public ConfigError(String message) {
    super(message);
  }

  /** {@code Invalid <key>: <value> (<expected>)}. */
  public static ConfigError invalid(String key, Object value, String expected) {
    return new ConfigError("Invalid " + key + ": " + value + " (" + expected + ")");
  }
}

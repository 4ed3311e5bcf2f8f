package sparktune.generate;

/** How the next token is chosen. */
public enum Strategy {
  /** The most likely token. */
  GREEDY,
  /** A draw from the (temperature, top-k, top-p) filtered distribution; beam-sample with num-beams >= 2. */
  SAMPLE,
  /** Beam search over cumulative log-probabilities. */
  BEAM;

  /** Parses {@code greedy}, {@code sample} or {@code beam}; {@code key} names the setting in errors. */
  public static Strategy parse(String value, String key) {
    return switch (value) {
      case "greedy" -> GREEDY;
      case "sample" -> SAMPLE;
      case "beam" -> BEAM;
      default -> throw new IllegalArgumentException("Invalid " + key + ": " + value + " (must be greedy, sample or beam)");
    };
  }

  /** The name used in configs and eval rows. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

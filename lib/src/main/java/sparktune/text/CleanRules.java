package sparktune.text;

import java.io.Serializable;
import sparktune.config.CleanConfig;

/**
 * The thresholds of {@link Cleaner}, copied out of {@link CleanConfig} so Spark closures capture
 * only this small serializable value.
 */
public record CleanRules(
    int minChars,
    double maxSymbolRatio,
    double minMeanWordLength,
    double maxMeanWordLength,
    double maxRepeatedLineShare) implements Serializable {

  public static CleanRules of(CleanConfig c) {
    return new CleanRules(c.minChars(), c.maxSymbolRatio(), c.minMeanWordLength(), c.maxMeanWordLength(), c.maxRepeatedLineShare());
  }
}

package sparktune.eval;

import java.io.Serializable;

/**
 * One metric of one evaluation group.
 *
 * @param metric name, e.g. {@code perplexity}, {@code distinct-2}
 * @param value the value (units in docs/evaluation.md)
 * @param n how many items it was computed over (tokens, n-grams, continuations, sentence pairs)
 */
public record MetricValue(String metric, double value, long n) implements Serializable {}

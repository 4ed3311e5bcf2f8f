package sparktune.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import sparktune.text.Hashes;

/**
 * One decoding configuration, with Hugging Face {@code generate()} semantics and defaults.
 *
 * @param name label used in eval rows and the report
 * @param strategy greedy, sample or beam; sample with numBeams >= 2 is beam-sample (Hugging Face
 *     {@code do_sample=True, num_beams=B}): beam search whose 2B candidates per step are drawn
 *     without replacement from the temperature / top-k / top-p processed cumulative scores
 * @param temperature logits are divided by this before sampling (sample only; default 1.0)
 * @param topK keep only the k most likely tokens when sampling (0: off)
 * @param topP keep the smallest set of tokens whose probability reaches p when sampling (1.0: off)
 * @param numBeams beams: beam search needs >= 2 (default 4); sample with >= 2 is beam-sample
 *     (default 1: plain sampling); greedy allows only 1
 * @param repetitionPenalty divide positive / multiply negative logits of tokens already in the
 *     sequence (prompt included) by this (1.0: off)
 * @param noRepeatNgramSize forbid any n-gram of this size from occurring twice (0: off)
 * @param lengthPenalty beam scores are sum log p / (generated length ^ this) (default 1.0)
 * @param seed random seed of sampling; the same seed gives the same text
 */
public record DecodingConfig(
    String name, Strategy strategy, double temperature, int topK, double topP, int numBeams,
    double repetitionPenalty, int noRepeatNgramSize, double lengthPenalty, long seed) implements Serializable {

  /** The option names accepted in {@code eval.decoding} entries (and as CLI options). */
  public static final Set<String> KEYS = Set.of("name", "strategy", "temperature", "top-k", "top-p", "num-beams",
      "repetition-penalty", "no-repeat-ngram-size", "length-penalty", "seed");

  public DecodingConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Invalid decoding name: \"" + name + "\" (must not be empty)");
    }
    require(temperature > 0, name, "temperature", temperature, "must be > 0");
    require(topK >= 0, name, "top-k", topK, "must be >= 0 (0: off)");
    require(topP > 0 && topP <= 1, name, "top-p", topP, "must be in (0, 1]");
    require(numBeams >= 1 && numBeams <= 64, name, "num-beams", numBeams, "must be 1..64");
    require(strategy != Strategy.BEAM || numBeams >= 2, name, "num-beams", numBeams, "must be >= 2 for beam search");
    require(strategy != Strategy.GREEDY || numBeams == 1, name, "num-beams", numBeams,
        "must be 1 for greedy decoding; use strategy beam for beam search");
    require(repetitionPenalty > 0, name, "repetition-penalty", repetitionPenalty, "must be > 0 (1.0: off)");
    require(noRepeatNgramSize >= 0, name, "no-repeat-ngram-size", noRepeatNgramSize, "must be >= 0 (0: off)");
  }

  /** Greedy decoding with no penalties. */
  public static DecodingConfig greedy() {
    return new DecodingConfig("greedy", Strategy.GREEDY, 1.0, 0, 1.0, 1, 1.0, 0, 1.0, 0);
  }

  /** Parses one {@code eval.decoding[i]} entry; unknown keys and bad values name {@code where}. */
  public static DecodingConfig fromConfig(Config c, String where) {
    for (String key : c.root().keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("Unknown key " + where + "." + key + " (allowed: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
      }
    }
    return fromOptions(k -> c.hasPath(k) ? String.valueOf(c.getValue(k).unwrapped()) : null, where);
  }

  /** Parses options by name ({@code strategy}, {@code top-k}, ...); absent options take defaults. */
  public static DecodingConfig fromMap(Map<String, String> options, String where) {
    return fromOptions(options::get, where);
  }

  /** Parses {@link #toJson()} output back. */
  public static DecodingConfig fromJson(String json) {
    try {
      Map<String, String> options = new java.util.HashMap<>();
      new ObjectMapper().readTree(json).fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
      return fromMap(options, "decoding");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid decoding JSON: " + json, e);
    }
  }

  private static DecodingConfig fromOptions(Function<String, String> get, String where) {
    Strategy strategy = Strategy.parse(or(get, "strategy", "greedy"), where + ".strategy");
    return new DecodingConfig(
        or(get, "name", strategy.label()), strategy,
        num(get, "temperature", "1.0", where), (int) whole(get, "top-k", "0", where), num(get, "top-p", "1.0", where),
        (int) whole(get, "num-beams", strategy == Strategy.BEAM ? "4" : "1", where),
        num(get, "repetition-penalty", "1.0", where), (int) whole(get, "no-repeat-ngram-size", "0", where),
        num(get, "length-penalty", "1.0", where), whole(get, "seed", "0", where));
  }

  /**
   * The random source of sampling. java.util.Random only XORs its seed with a constant, so adjacent
   * seeds (0, 1, 2, ...) would start with nearly the same draws; the seed goes through the SplitMix64
   * finalizer first, so every seed gives an independent stream.
   */
  public Random random() {
    return new Random(Hashes.mix64(seed + 0x9E3779B97F4A7C15L));
  }

  /** The options as canonical JSON (sorted keys, every field), stored in eval rows. */
  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("length-penalty", lengthPenalty);
    o.put("name", name);
    o.put("no-repeat-ngram-size", noRepeatNgramSize);
    o.put("num-beams", numBeams);
    o.put("repetition-penalty", repetitionPenalty);
    o.put("seed", seed);
    o.put("strategy", strategy.label());
    o.put("temperature", temperature);
    o.put("top-k", topK);
    o.put("top-p", topP);
    try {
      return m.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String or(Function<String, String> get, String key, String dflt) {
    String v = get.apply(key);
    return v == null ? dflt : v;
  }

  private static double num(Function<String, String> get, String key, String dflt, String where) {
    String v = or(get, key, dflt);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + where + "." + key + ": " + v + " (must be a number)");
    }
  }

  private static long whole(Function<String, String> get, String key, String dflt, String where) {
    String v = or(get, key, dflt);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + where + "." + key + ": " + v + " (must be an integer)");
    }
  }

  private static void require(boolean ok, String name, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid decoding '" + name + "' " + key + ": " + value + " (" + expected + ")");
    }
  }
}

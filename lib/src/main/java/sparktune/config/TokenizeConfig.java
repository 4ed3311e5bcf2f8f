package sparktune.config;

/**
 * {@code tokenize}: tokenizer choice and block packing.
 *
 * @param tokenizer {@code gpt2}, {@code train}, or a path to tokenizer.json or a model directory (default gpt2)
 * @param vocabSize vocabulary size when training a tokenizer (default 8000)
 * @param blockSize tokens per packed block (default 1024)
 * @param rowGroupBytes Parquet row group size (default 8MB)
 * @param minPretokenCount when training a tokenizer, pre-tokens seen fewer times are left out of the
 *     counts the driver collects (default 1: none)
 */
public record TokenizeConfig(String tokenizer, int vocabSize, int blockSize, long rowGroupBytes, int minPretokenCount) {
  public static final String GPT2 = "gpt2";
  public static final String TRAIN = "train";

  public TokenizeConfig {
    if (tokenizer == null || tokenizer.isBlank()) {
      throw ConfigError.invalid("tokenize.tokenizer", "\"\"", "must be gpt2, train, or a path to tokenizer.json or a model directory");
    }
  }

  static TokenizeConfig from(Settings s) {
    return new TokenizeConfig(
        s.string("tokenizer"),
        s.intIn("vocab-size", 257, 1 << 20),
        s.intIn("block-size", 8, 8192),
        s.bytesIn("row-group-size", 64 * 1024, 1L << 30),
        s.intIn("min-pretoken-count", 1, Integer.MAX_VALUE));
  }
}

package sparktune.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * {@code eval}: what to evaluate and how to generate. Defaults in {@code conf/sparktune.conf}.
 *
 * @param models model directories (empty: the checkpoints of train.run)
 * @param checkpoints {@code all}, {@code last}, {@code best} (the step named in checkpoints/best.json), or a comma
 *     list of step numbers
 * @param stride sliding-window stride for long documents (0: none)
 * @param prompts held-out prompts per source
 * @param promptTokens tokens per prompt
 * @param maxNewTokens tokens generated per prompt
 * @param decoding decoding configs, each an object of generation options with a {@code name}
 * @param embeddingModel local embedding model directory for coherence ("" to use the evaluated model)
 * @param entropyFile entropy.jsonl of generated sample corpora ("" for none)
 * @param batchSize sequences per forward pass when scoring perplexity
 * @param fixedPrompts prompts generated from for every model besides the held-out ones ("" is an empty prompt)
 * @param compareRuns runs whose newest evaluations the report plots side by side, in order
 * @param generationBatchSize prompts decoded together in one forward pass per step
 * @param recompute evaluate every key again even when the eval table already holds it
 */
public record EvalConfig(
    List<String> models,
    String checkpoints,
    int stride,
    int prompts,
    int promptTokens,
    int maxNewTokens,
    List<Config> decoding,
    String embeddingModel,
    String entropyFile,
    int batchSize,
    List<String> fixedPrompts,
    List<String> compareRuns,
    int generationBatchSize,
    boolean recompute) {

  public EvalConfig {
    models = List.copyOf(models);
    compareRuns = List.copyOf(compareRuns);
    fixedPrompts = List.copyOf(fixedPrompts);
    decoding = List.copyOf(decoding);
    if (!checkpoints.matches("all|last|best|\\d+(\\s*,\\s*\\d+)*")) {
      throw ConfigError.invalid("eval.checkpoints", checkpoints, "must be all, last, best, or step numbers such as 500,1000");
    }
    for (int i = 0; i < decoding.size(); i++) {
      if (!decoding.get(i).hasPath("name")) {
        throw new ConfigError("Missing eval.decoding[" + i + "].name");
      }
    }
  }

  static EvalConfig from(Settings s) {
    Config raw = s.raw();
    String checkpoints = raw.getValue("checkpoints").unwrapped() instanceof List<?> list
        ? String.join(",", list.stream().map(String::valueOf).toList())
        : s.string("checkpoints");
    return new EvalConfig(
        s.strings("models"),
        checkpoints,
        s.intIn("stride", 0, 1 << 20),
        s.intIn("prompts", 0, 1_000_000),
        s.intIn("prompt-tokens", 1, 65536),
        s.intIn("max-new-tokens", 1, 65536),
        raw.getConfigList("decoding").stream().map(c -> (Config) c).toList(),
        s.string("embedding-model"),
        s.string("entropy-file"),
        s.intIn("batch-size", 1, 4096),
        s.strings("fixed-prompts"),
        s.strings("compare-runs"),
        s.intIn("generation-batch-size", 1, 4096),
        s.bool("recompute"));
  }
}

package sparktune.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sparktune.config.EvalConfig;
import sparktune.eval.EvalKeys;
import sparktune.eval.EvalTarget;
import sparktune.eval.ModelIdentity;
import sparktune.evaluate.GenerationTask;
import sparktune.generate.DecodingConfig;
import sparktune.spark.HadoopFiles;

/**
 * One unit of an evaluation sweep: one (model, checkpoint) and the parts of its evaluation the eval
 * table does not hold yet. A unit's rows are committed together, so a sweep that stops resumes at
 * the first unit it had not committed.
 *
 * @param target the model and checkpoint
 * @param modelSha256 the content identity of its weights ({@link ModelIdentity})
 * @param perplexityKey settings_json of its perplexity rows, or null when they are up to date
 * @param generationKeys decoding name (or {@code reference}) -> settings_json, for the decodings still to generate
 */
public record SweepUnit(EvalTarget target, String modelSha256, String perplexityKey, Map<String, String> generationKeys) {

  /** Whether nothing is left to compute. */
  public boolean upToDate() {
    return perplexityKey == null && generationKeys.isEmpty();
  }

  /** "model@checkpoint" as the summary names units. */
  public String label() {
    return target.model() + "@" + target.checkpoint();
  }

  /** Decoding name (and {@code reference} when there are held-out prompts) -> settings_json of the generation rows a sweep writes. */
  public static Map<String, String> generationKeys(EvalConfig ev, List<DecodingConfig> decodings) {
    Map<String, String> out = new LinkedHashMap<>();
    if ((ev.prompts() > 0 || !ev.fixedPrompts().isEmpty()) && !decodings.isEmpty()) {
      decodings.forEach(d -> out.put(d.name(), EvalKeys.generation(ev, d.name(), d.toJson())));
      if (ev.prompts() > 0) {
        out.put(GenerationTask.REFERENCE, EvalKeys.generation(ev, GenerationTask.REFERENCE, ""));
      }
    }
    return out;
  }

  /**
   * The units of a sweep, in target order. {@code computed} holds the (model_sha256, checkpoint,
   * shards_manifest_hash, settings_json) groups already in the table (empty to recompute all).
   */
  public static List<SweepUnit> plan(List<EvalTarget> targets, HadoopFiles files, String manifestHash, EvalConfig ev, List<DecodingConfig> decodings,
      String entropySha256, Set<List<String>> computed) {
    Map<String, String> wanted = generationKeys(ev, decodings);
    String perplexity = EvalKeys.perplexity(ev, entropySha256);
    List<SweepUnit> out = new ArrayList<>();
    for (EvalTarget t : targets) {
      String sha = ModelIdentity.sha256(files, t.dir());
      Map<String, String> missing = new LinkedHashMap<>();
      wanted.forEach((name, key) -> {
        if (!computed.contains(List.of(sha, t.checkpoint(), manifestHash, key))) {
          missing.put(name, key);
        }
      });
      boolean pplDone = computed.contains(List.of(sha, t.checkpoint(), manifestHash, perplexity));
      out.add(new SweepUnit(t, sha, pplDone ? null : perplexity, missing));
    }
    return out;
  }
}

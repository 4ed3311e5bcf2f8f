package sparktune.evaluate;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import sparktune.config.EvalConfig;
import sparktune.eval.EvalRow;
import sparktune.eval.Prompts;
import sparktune.evaluate.GenerationTask;
import sparktune.generate.DecodingConfig;
import sparktune.shards.BlockCodec;
import sparktune.shards.ShardManifest;
import sparktune.spark.HadoopFiles;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.Tokenizers;

/**
 * Builds the generation sweep's task table: held-out prompts cut out of the test shards, and the
 * configured fixed prompts encoded with the shards' tokenizer.
 */
public final class EvalPrompts {
  private EvalPrompts() {}

  /** Up to eval.prompts prompts per source, from the first blocks of each source. */
  public static Map<String, List<Prompts.Prompt>> prompts(Dataset<Row> blocks, ShardManifest manifest, EvalConfig ev) {
    long firstBlocks = ev.prompts() * 4L + 4; // documents usually start well within these
    Map<String, List<Prompts.Block>> bySource = new LinkedHashMap<>();
    for (Row r : blocks.filter(col("block").lt(firstBlocks)).select("source", "block", "ids", "length")
        .orderBy("source", "block").collectAsList()) {
      int[] ids = Arrays.copyOf(BlockCodec.decode((byte[]) r.get(2), manifest.idBytes()), r.getInt(3));
      bySource.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new Prompts.Block(r.getLong(1), ids));
    }
    Map<String, List<Prompts.Prompt>> out = new LinkedHashMap<>();
    bySource.forEach((source, b) -> out.put(source, Prompts.fromBlocks(b, manifest.eosId(), ev.promptTokens(), ev.maxNewTokens(), ev.prompts())));
    return out;
  }

  /**
   * {@code eval.fixed-prompts} as token ids of the shards' tokenizer; an empty prompt (or one that
   * encodes to nothing) is the EOS token alone, as in {@code sparktune generate}.
   */
  public static List<int[]> fixedPrompts(HadoopFiles files, ShardManifest manifest, EvalConfig ev) {
    if (ev.fixedPrompts().isEmpty()) {
      return List.of();
    }
    BpeTokenizer tokenizer = Tokenizers.load(files, manifest.tokenizerPath());
    List<int[]> out = new ArrayList<>();
    for (String text : ev.fixedPrompts()) {
      int[] ids = tokenizer.encode(text);
      out.add(ids.length == 0 ? new int[] {manifest.eosId()} : ids);
    }
    return out;
  }

  /**
   * One row per (model dir, decoding or, with {@code reference}, the reference, source, prompt) for
   * the held-out {@code prompts} by source and the {@code fixed} prompts; fixed prompts (source
   * {@code fixed-prompts}) have no reference continuation, so no reference rows.
   * <pre>
   * dir | decoding | decoding_json | source | prompt_index | prompt ARRAY&lt;INT&gt; | reference ARRAY&lt;INT&gt;
   * /wh/runs/run/checkpoints/step-500 | greedy | {"name":"greedy",...} | classics | 0 | [464, 3290, ...] | [...]
   * </pre>
   */
  public static Dataset<Row> tasks(SparkSession spark, Map<String, List<Prompts.Prompt>> prompts, List<int[]> fixed, List<DecodingConfig> decodings,
      boolean reference, Collection<String> dirs) {
    List<Row> rows = new ArrayList<>();
    for (String dir : dirs) {
      List<String[]> configs = new ArrayList<>();
      decodings.forEach(d -> configs.add(new String[] {d.name(), d.toJson()}));
      if (reference) {
        configs.add(new String[] {GenerationTask.REFERENCE, ""});
      }
      for (String[] c : configs) {
        prompts.forEach((source, list) -> {
          for (int i = 0; i < list.size(); i++) {
            rows.add(RowFactory.create(dir, c[0], c[1], source, i, list.get(i).prompt(), list.get(i).reference()));
          }
        });
      }
      for (DecodingConfig d : decodings) {
        for (int i = 0; i < fixed.size(); i++) {
          rows.add(RowFactory.create(dir, d.name(), d.toJson(), EvalRow.FIXED_PROMPTS, i, fixed.get(i), new int[0]));
        }
      }
    }
    return spark.createDataFrame(rows, GenerationTask.INPUT);
  }
}

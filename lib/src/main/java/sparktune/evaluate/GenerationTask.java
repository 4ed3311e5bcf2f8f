package sparktune.evaluate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.eval.Coherence;
import sparktune.eval.MetricValue;
import sparktune.eval.SentenceEmbedder;
import sparktune.generate.BatchGenerator;
import sparktune.generate.DecodingConfig;
import sparktune.generate.Generation;

/**
 * Executor side of the generation sweep: one continuation per input row, with the local coherence
 * sums of that continuation (so the driver can pool them exactly). Prompts of one model and
 * decoding config are generated in batches ({@link BatchGenerator}).
 */
public final class GenerationTask {
  /** Decoding name of rows that carry the document's true continuation instead of a generation. */
  public static final String REFERENCE = "reference";

  /** Input rows; {@code decoding_json} is "" for the reference rows. */
  public static final StructType INPUT = new StructType()
      .add("dir", DataTypes.StringType, false)
      .add("decoding", DataTypes.StringType, false)
      .add("decoding_json", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("prompt_index", DataTypes.IntegerType, false)
      .add("prompt", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("reference", DataTypes.createArrayType(DataTypes.IntegerType, false), false);

  public static final StructType OUTPUT = new StructType()
      .add("dir", DataTypes.StringType, false)
      .add("decoding", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("prompt_index", DataTypes.IntegerType, false)
      .add("prompt_text", DataTypes.StringType, false)
      .add("text", DataTypes.StringType, false)
      .add("new_tokens", DataTypes.IntegerType, false)
      .add("coherence_sum", DataTypes.DoubleType, false)
      .add("coherence_pairs", DataTypes.LongType, false)
      .add("embedder", DataTypes.StringType, false);

  private GenerationTask() {}

  /**
   * Generates for every row; rows of the same model and decoding config (consecutive or not)
   * decode together, {@code s.generationBatchSize()} prompts per forward pass. Output rows follow
   * the input order.
   */
  public static Iterator<Row> run(Iterator<Row> rows, EvalSettings s) {
    Map<List<String>, List<Row>> groups = new LinkedHashMap<>(); // (dir, decoding_json) -> rows
    Map<List<String>, List<Integer>> positions = new LinkedHashMap<>(); // (dir, decoding_json) -> input positions
    int n = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      List<String> key = List.of(r.getString(0), r.getString(2));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      positions.computeIfAbsent(key, k -> new ArrayList<>()).add(n++);
    }
    Row[] out = new Row[n];
    for (Map.Entry<List<String>, List<Row>> g : groups.entrySet()) {
      String dir = g.getKey().get(0);
      String decodingJson = g.getKey().get(1);
      List<Row> group = g.getValue();
      List<Integer> at = positions.get(g.getKey());
      try (ModelCache.Lease model = ModelCache.lease(dir, s.hadoop(), s.fallbackTokenizer());
           ModelCache.Lease embedding = s.embeddingModel().isEmpty() ? null : ModelCache.lease(s.embeddingModel(), s.hadoop(), s.fallbackTokenizer())) {
        ModelCache.Loaded m = model.get();
        List<int[]> prompts = group.stream().map(r -> ints(r.getList(5))).toList();
        List<int[]> generated;
        if (decodingJson.isEmpty()) {
          generated = group.stream().map(r -> ints(r.getList(6))).toList();
        } else {
          DecodingConfig cfg = DecodingConfig.fromJson(decodingJson);
          generated = BatchGenerator.generate(m.lm(), prompts, cfg, s.maxNewTokens(), m.lm().eosId(), s.generationBatchSize()).stream()
              .map(Generation::tokens).toList();
        }
        SentenceEmbedder embedder = embedding == null
            ? new HiddenStateEmbedder(m.lm(), m.tokenizer(), "hidden-mean:" + dir)
            : new HiddenStateEmbedder(embedding.get().lm(), embedding.get().tokenizer(), "hidden-mean:" + s.embeddingModel());
        for (int i = 0; i < group.size(); i++) {
          Row r = group.get(i);
          String text = m.tokenizer().decode(generated.get(i));
          MetricValue coherence = Coherence.of(List.of(text), embedder);
          out[at.get(i)] = RowFactory.create(dir, r.getString(1), r.getString(3), r.getInt(4), m.tokenizer().decode(prompts.get(i)), text,
              generated.get(i).length, coherence.value() * coherence.n(), coherence.n(), embedder.name());
        }
      }
    }
    return java.util.Arrays.asList(out).iterator();
  }

  private static int[] ints(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}

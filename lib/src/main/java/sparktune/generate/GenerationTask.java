package sparktune.generate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.eval.Coherence;
import sparktune.eval.MetricValue;
import sparktune.eval.SentenceEmbedder;

/**
 * Executor side of the generation sweep: one continuation per input row, with the local coherence
 * sums of that continuation (so the driver can pool them exactly).
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

  public static Iterator<Row> run(Iterator<Row> rows, EvalSettings s) {
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      String dir = r.getString(0);
      try (ModelCache.Lease model = ModelCache.lease(dir, s.hadoop(), s.fallbackTokenizer());
           ModelCache.Lease embedding = s.embeddingModel().isEmpty() ? null : ModelCache.lease(s.embeddingModel(), s.hadoop(), s.fallbackTokenizer())) {
        ModelCache.Loaded m = model.get();
        int[] prompt = ints(r.getList(5));
        int[] generated;
        if (r.getString(2).isEmpty()) {
          generated = ints(r.getList(6));
        } else {
          DecodingConfig cfg = DecodingConfig.fromJson(r.getString(2));
          generated = Generator.generate(m.lm(), prompt, cfg, s.maxNewTokens(), m.lm().eosId(), true).tokens();
        }
        String text = m.tokenizer().decode(generated);
        SentenceEmbedder embedder = embedding == null
            ? new HiddenStateEmbedder(m.lm(), m.tokenizer(), "hidden-mean:" + dir)
            : new HiddenStateEmbedder(embedding.get().lm(), embedding.get().tokenizer(), "hidden-mean:" + s.embeddingModel());
        MetricValue coherence = Coherence.of(List.of(text), embedder);
        out.add(RowFactory.create(dir, r.getString(1), r.getString(3), r.getInt(4), m.tokenizer().decode(prompt), text,
            generated.length, coherence.value() * coherence.n(), coherence.n(), embedder.name()));
      }
    }
    return out.iterator();
  }

  private static int[] ints(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}

package sparktune.evaluate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.eval.SequenceScorer;

/**
 * Executor side of the entropy comparison: scores whole documents one by one (EOS as the only
 * context, then every token of the text), so each document's NLL is exact rather than depending on
 * where block packing cut it. Returns this partition's sums per (model dir, source).
 */
public final class DocumentTask {
  /** Input: {@code dir STRING, source STRING, text STRING, bits DOUBLE} (bits: the generator's -log2 P(text)). */
  public static final StructType OUTPUT = new StructType()
      .add("dir", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("nll", DataTypes.DoubleType, false)
      .add("bits", DataTypes.DoubleType, false)
      .add("bytes", DataTypes.LongType, false)
      .add("docs", DataTypes.LongType, false);

  private DocumentTask() {}

  public static Iterator<Row> run(Iterator<Row> rows, EvalSettings s) {
    Map<List<String>, double[]> sums = new LinkedHashMap<>(); // {nll, bits, bytes, docs}
    while (rows.hasNext()) {
      Row r = rows.next();
      String dir = r.getString(0);
      String text = r.getString(2);
      try (ModelCache.Lease lease = ModelCache.lease(dir, s.hadoop(), s.fallbackTokenizer())) {
        ModelCache.Loaded m = lease.get();
        int[] body = m.tokenizer().encodeOrdinary(text);
        int[] ids = new int[body.length + 1];
        ids[0] = m.lm().eosId();
        System.arraycopy(body, 0, ids, 1, body.length);
        double nll = new SequenceScorer(m.lm(), s.stride(), 1).score(List.of(ids))[0][0];
        double[] acc = sums.computeIfAbsent(List.of(dir, r.getString(1)), k -> new double[4]);
        acc[0] += nll;
        acc[1] += r.getDouble(3);
        acc[2] += text.getBytes(StandardCharsets.UTF_8).length;
        acc[3] += 1;
      }
    }
    List<Row> out = new ArrayList<>();
    sums.forEach((k, v) -> out.add(RowFactory.create(k.get(0), k.get(1), v[0], v[1], (long) v[2], (long) v[3])));
    return out.iterator();
  }
}

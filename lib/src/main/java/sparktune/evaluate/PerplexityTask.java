package sparktune.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparktune.eval.SequenceScorer;
import sparktune.shards.BlockCodec;

/**
 * Executor side of perplexity: scores the real tokens of test blocks with each block's model and
 * returns this partition's exact sums per (model dir, source). Rows of one model should be
 * adjacent (sort within partitions), so a model is leased once per run of rows.
 */
public final class PerplexityTask {
  /** Input: {@code dir STRING, source STRING, ids BINARY, length INT}. */
  public static final StructType OUTPUT = new StructType()
      .add("dir", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("nll", DataTypes.DoubleType, false)
      .add("tokens", DataTypes.LongType, false);

  private PerplexityTask() {}

  /** One partition: {@code (dir, source, nll sum in nats, scored tokens)} per group seen. */
  public static Iterator<Row> run(Iterator<Row> rows, EvalSettings s) {
    Map<List<String>, double[]> sums = new LinkedHashMap<>();
    String dir = null;
    List<int[]> seqs = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      String rowDir = r.getString(0);
      if (dir != null && (!dir.equals(rowDir) || seqs.size() >= s.batchSize() * 4)) {
        flush(dir, seqs, sources, sums, s);
      }
      dir = rowDir;
      int length = r.getInt(3);
      seqs.add(Arrays.copyOf(BlockCodec.decode((byte[]) r.get(2), s.idBytes()), length)); // padding dropped
      sources.add(r.getString(1));
    }
    if (dir != null) {
      flush(dir, seqs, sources, sums, s);
    }
    List<Row> out = new ArrayList<>();
    sums.forEach((k, v) -> out.add(RowFactory.create(k.get(0), k.get(1), v[0], (long) v[1])));
    return out.iterator();
  }

  private static void flush(String dir, List<int[]> seqs, List<String> sources, Map<List<String>, double[]> sums, EvalSettings s) {
    try (ModelCache.Lease lease = ModelCache.lease(dir, s.hadoop(), s.fallbackTokenizer())) {
      double[][] scored = new SequenceScorer(lease.get().lm(), s.stride(), s.batchSize()).score(seqs);
      for (int i = 0; i < scored.length; i++) {
        double[] acc = sums.computeIfAbsent(List.of(dir, sources.get(i)), k -> new double[2]);
        acc[0] += scored[i][0];
        acc[1] += scored[i][1];
      }
    }
    seqs.clear();
    sources.clear();
  }
}

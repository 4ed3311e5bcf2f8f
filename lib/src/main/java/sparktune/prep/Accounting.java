package sparktune.prep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact counts of a stage's judged rows (columns source, reason): rows in = kept + rejected, per
 * source and per reason, as JSON-able maps for the job summary.
 */
public final class Accounting {
  private final Map<String, Map<String, Long>> bySource = new TreeMap<>();

  private Accounting() {}

  /** One small aggregation over {@code judged}; reason null means kept. */
  public static Accounting of(Dataset<Row> judged) {
    Accounting a = new Accounting();
    for (Row r : judged.groupBy(col("source"), coalesce(col("reason"), lit("")).as("reason")).count().collectAsList()) {
      a.bySource.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }
    return a;
  }

  public long in() {
    return bySource.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
  }

  public long kept() {
    return bySource.values().stream().mapToLong(m -> m.getOrDefault("", 0L)).sum();
  }

  public long rejected() {
    return in() - kept();
  }

  /** reason -> rows, over all sources. */
  public Map<String, Long> reasons() {
    Map<String, Long> out = new TreeMap<>();
    bySource.values().forEach(m -> m.forEach((reason, n) -> {
      if (!reason.isEmpty()) {
        out.merge(reason, n, Long::sum);
      }
    }));
    return out;
  }

  /** source -> {in, kept, rejected, reasons: {reason -> rows}}. */
  public Map<String, Object> perSource() {
    Map<String, Object> out = new TreeMap<>();
    bySource.forEach((source, m) -> {
      long in = m.values().stream().mapToLong(Long::longValue).sum();
      long kept = m.getOrDefault("", 0L);
      Map<String, Long> reasons = new TreeMap<>(m);
      reasons.remove("");
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("in", in);
      s.put("kept", kept);
      s.put("rejected", in - kept);
      s.put("reasons", reasons);
      out.put(source, s);
    });
    return out;
  }
}

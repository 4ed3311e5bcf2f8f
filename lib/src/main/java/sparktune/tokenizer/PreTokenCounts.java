package sparktune.tokenizer;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Pre-token frequencies of a text column, counted on the executors (per-partition hash maps, then
 * reduceByKey) and collected on the driver for {@link BpeTrainer}. {@code <|endoftext|>} written
 * in text is a separator, never counted.
 */
public final class PreTokenCounts {
  private PreTokenCounts() {}

  /**
   * The counts kept for training and how many distinct pre-tokens were dropped.
   *
   * @param counts pre-token -> occurrences, for pre-tokens seen at least the minimum count
   * @param distinct distinct pre-tokens before dropping
   * @param droppedOccurrences occurrences of the dropped pre-tokens
   */
  public record Counted(Map<String, Long> counts, long distinct, long droppedOccurrences) {}

  /**
   * Counts the pre-tokens of every string in {@code texts} (nulls skipped) and keeps, on the
   * executors, those seen at least {@code minCount} times; only they reach the driver.
   */
  public static Counted count(Dataset<String> texts, long minCount) {
    JavaPairRDD<String, Long> counts = texts.javaRDD().mapPartitionsToPair(it -> {
      Map<String, Long> local = new HashMap<>();
      while (it.hasNext()) {
        String text = it.next();
        if (text != null) {
          countInto(text, local);
        }
      }
      return local.entrySet().stream().map(e -> new Tuple2<>(e.getKey(), e.getValue())).iterator();
    }).reduceByKey(Long::sum);
    counts = counts.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // one pass for {distinct pre-tokens, occurrences of the dropped ones}, one for the kept counts
      long[] totals = counts.values().aggregate(new long[2],
          (t, c) -> new long[] {t[0] + 1, t[1] + (c < minCount ? c : 0)},
          (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      Map<String, Long> kept = new HashMap<>(counts.filter(t -> t._2() >= minCount).collectAsMap());
      return new Counted(kept, totals[0], totals[1]);
    } finally {
      counts.unpersist(false);
    }
  }

  /** {@link #count(Dataset, long)} of one column of {@code docs}. */
  public static Counted count(Dataset<org.apache.spark.sql.Row> docs, String column, long minCount) {
    return count(docs.select(column).as(Encoders.STRING()), minCount);
  }

  /** Adds the pre-tokens of one text to {@code counts}. */
  public static void countInto(String text, Map<String, Long> counts) {
    int from = 0;
    while (from <= text.length()) {
      int at = text.indexOf(Gpt2Vocabulary.EOS, from);
      int to = at < 0 ? text.length() : at;
      for (int p = from; p < to; ) {
        int q = PreTokenizer.next(text, p, to);
        counts.merge(text.substring(p, q), 1L, Long::sum);
        p = q;
      }
      if (at < 0) {
        break;
      }
      from = at + Gpt2Vocabulary.EOS.length();
    }
  }
}

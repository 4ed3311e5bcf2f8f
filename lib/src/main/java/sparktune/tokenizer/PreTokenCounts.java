package sparktune.tokenizer;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import scala.Tuple2;

/**
 * Pre-token frequencies of a text column, counted on the executors (per-partition hash maps, then
 * reduceByKey) and collected on the driver for {@link BpeTrainer}. {@code <|endoftext|>} written
 * in text is a separator, never counted.
 */
public final class PreTokenCounts {
  private PreTokenCounts() {}

  /** Counts the pre-tokens of every string in {@code texts} (nulls skipped). */
  public static Map<String, Long> count(Dataset<String> texts) {
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
    return new HashMap<>(counts.collectAsMap());
  }

  /** Count as a Dataset of strings from a column, e.g. {@code df.select("text").as(Encoders.STRING())}. */
  public static Map<String, Long> count(Dataset<org.apache.spark.sql.Row> docs, String column) {
    return count(docs.select(column).as(Encoders.STRING()));
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

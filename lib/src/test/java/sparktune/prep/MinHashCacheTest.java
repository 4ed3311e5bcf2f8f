package sparktune.prep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.testing.SharedSpark;
import sparktune.text.DuplicateGraph.Edge;
import sparktune.text.Hashes;
import sparktune.text.MinHasher;

class MinHashCacheTest {
  private static final StructType DOCS = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("text", DataTypes.StringType, false)
      .add("content_sha256", DataTypes.StringType, false);
  private final SparkSession spark = SharedSpark.get();
  private final MinHasher hasher = new MinHasher(5, 8, 0.5);

  @Test
  void secondRefreshOfUnchangedDocumentsComputesNothingAndCommitsNothing(@TempDir Path tmp) {
    String path = tmp.resolve("minhash").toString();
    Map<String, String> texts = corpus();
    MinHashCache.Refresh first = MinHashCache.refresh(spark, path, docs(texts), hasher);
    assertThat(first.computed()).isEqualTo(texts.size());
    assertThat(first.cached()).isZero();
    long version = TableSync.version(spark, path);

    MinHashCache.Refresh second = MinHashCache.refresh(spark, path, docs(texts), hasher);
    assertThat(second.computed()).isZero();
    assertThat(second.cached()).isEqualTo(texts.size());
    assertThat(TableSync.version(spark, path)).isEqualTo(version);
    // The text without words has a cache row but no signature.
    assertThat(second.signatures().count()).isEqualTo(texts.size() - 1);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(texts.size());
  }

  @Test
  void onlyAddedAndChangedDocumentsAreComputedAndRemovedOnesLeaveTheCache(@TempDir Path tmp) {
    String path = tmp.resolve("minhash").toString();
    Map<String, String> texts = corpus();
    MinHashCache.refresh(spark, path, docs(texts), hasher);

    texts.remove("d3");
    texts.put("d2", "a changed page now talks about rivers and the mountains that feed them every spring");
    texts.put("d9", "a brand new document about trains crossing the wide plains at night under the stars");
    MinHashCache.Refresh refresh = MinHashCache.refresh(spark, path, docs(texts), hasher);
    assertThat(refresh.computed()).isEqualTo(2);
    assertThat(refresh.cached()).isEqualTo(texts.size() - 2);

    Map<String, String> cachedSha = new HashMap<>();
    for (Row r : spark.read().format("delta").load(path).select("doc_id", "content_sha256").collectAsList()) {
      cachedSha.put(r.getString(0), r.getString(1));
    }
    Map<String, String> expectedSha = new HashMap<>();
    texts.forEach((id, text) -> expectedSha.put(id, Hashes.sha256(text)));
    assertThat(cachedSha).doesNotContainKey("d3").isEqualTo(expectedSha);
  }

  @Test
  void edgesFromCachedSignaturesEqualEdgesFromFreshOnes(@TempDir Path tmp) {
    String path = tmp.resolve("minhash").toString();
    Map<String, String> texts = corpus();
    // Half of the signatures come from an earlier refresh, the rest are computed now.
    Map<String, String> half = new LinkedHashMap<>();
    texts.entrySet().stream().limit(texts.size() / 2).forEach(e -> half.put(e.getKey(), e.getValue()));
    MinHashCache.refresh(spark, path, docs(half), hasher);
    MinHashCache.Refresh refresh = MinHashCache.refresh(spark, path, docs(texts), hasher);
    assertThat(refresh.cached()).isEqualTo(half.size());

    List<Edge> cached = sorted(NearDuplicatePairs.findInSignatures(refresh.signatures(), hasher, 0.5));
    List<Edge> fresh = sorted(NearDuplicatePairs.find(docs(texts), hasher, 0.5));
    assertThat(fresh).isNotEmpty();
    assertThat(cached).isEqualTo(fresh);
  }

  @Test
  void changingTheShingleSizeOrSignatureLengthRebuildsTheCache(@TempDir Path tmp) {
    String path = tmp.resolve("minhash").toString();
    Map<String, String> texts = corpus();
    MinHashCache.refresh(spark, path, docs(texts), hasher);

    MinHasher threeWords = new MinHasher(3, 8, 0.5);
    MinHashCache.Refresh rebuilt = MinHashCache.refresh(spark, path, docs(texts), threeWords);
    assertThat(rebuilt.computed()).isEqualTo(texts.size());
    assertThat(spark.read().format("delta").load(path).where("shingle_size = 3 AND num_hashes = 128").count())
        .isEqualTo(texts.size());
    assertThat(sorted(NearDuplicatePairs.findInSignatures(rebuilt.signatures(), threeWords, 0.5)))
        .isEqualTo(sorted(NearDuplicatePairs.find(docs(texts), threeWords, 0.5)));

    // A threshold of 0.95 needs more than 128 values for its bands: a longer signature.
    MinHasher longer = new MinHasher(3, 8, 0.95);
    assertThat(longer.numHashes()).isGreaterThan(MinHasher.MIN_HASHES);
    assertThat(MinHashCache.refresh(spark, path, docs(texts), longer).computed()).isEqualTo(texts.size());
  }

  // d1/d2 and d4/d5 are near-duplicates, d6 has no words.
  private static Map<String, String> corpus() {
    Map<String, String> texts = new LinkedHashMap<>();
    String river = "the river runs from the high mountains down through green valleys and old towns to the distant sea";
    String forest = "deep in the northern forest the wolves hunt in packs while owls watch from the tall pine trees";
    texts.put("d1", river);
    texts.put("d2", river + " at last");
    texts.put("d3", "cats sleep for most of the day and wake up hungry when the evening light fades away");
    texts.put("d4", forest);
    texts.put("d5", "far " + forest);
    texts.put("d6", "... --- !!! ???");
    texts.put("d7", "a short poem about the moon rising slowly over quiet fields of wheat and barley");
    texts.put("d8", "recipes for bread need flour water salt and yeast plus patience while the dough rises");
    return texts;
  }

  private Dataset<Row> docs(Map<String, String> texts) {
    List<Row> rows = new ArrayList<>();
    texts.forEach((id, text) -> rows.add(RowFactory.create(id, text, Hashes.sha256(text))));
    return spark.createDataFrame(rows, DOCS);
  }

  private static List<Edge> sorted(List<Edge> edges) {
    return edges.stream().sorted(Comparator.comparing(Edge::a).thenComparing(Edge::b)).toList();
  }
}

package sparktune.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import sparktune.config.SourceConfig;
import sparktune.config.SourceType;
import sparktune.prep.Accounting;
import sparktune.prep.IngestTransforms;
import sparktune.testing.SharedSpark;

/** One source read and judged as ingest does it: rows by origin, with the accounting checked. */
final class Ingested {
  static final long MAX_BYTES = 1_000_000;

  final Map<String, Row> byOrigin = new LinkedHashMap<>();
  final long in;
  final long kept;
  final long rejected;

  private Ingested(List<Row> rows, Accounting counts) {
    for (Row r : rows) {
      assertThat(byOrigin.put(r.getAs("origin"), r)).as("origin %s twice", (Object) r.getAs("origin")).isNull();
    }
    in = counts.in();
    kept = counts.kept();
    rejected = counts.rejected();
    assertThat(in).isEqualTo(rows.size()).isEqualTo(kept + rejected);
    assertThat(rows.stream().filter(r -> r.getAs("reason") == null).count()).isEqualTo(kept);
  }

  static SourceConfig source(SourceType type, String path) {
    return new SourceConfig("src", type, path, List.of("en"), "lyrics", "title", "artist", "auto", "und", 0, 0);
  }

  static Ingested of(SourceConfig source) {
    SourceReader reader = SourceReader.of(source, 2, MAX_BYTES);
    reader.check(SharedSpark.get());
    var judged = IngestTransforms.judge(reader.read(SharedSpark.get()), MAX_BYTES).orderBy("origin", "position").localCheckpoint();
    return new Ingested(judged.collectAsList(), Accounting.of(judged));
  }

  String reason(String origin) {
    return row(origin).getAs("reason");
  }

  String detail(String origin) {
    return row(origin).getAs("detail");
  }

  String text(String origin) {
    return row(origin).getAs("text");
  }

  Row row(String origin) {
    assertThat(byOrigin).containsKey(origin);
    return byOrigin.get(origin);
  }
}

package sparktune.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sparktune.config.ConfigError;
import sparktune.config.SourceConfig;
import sparktune.config.SparktuneConfig;
import sparktune.corpus.SourceReader;
import sparktune.prep.Accounting;
import sparktune.prep.IngestTransforms;
import sparktune.prep.TableSync;
import sparktune.spark.Warehouse;

/**
 * {@code ingest}: every configured source -> {@code documents/} (MERGE: new and changed documents
 * in, documents of a configured source that are gone from it out) and ingest rows of
 * {@code rejects/}. Every input is checked before anything is read or written; unchanged inputs
 * make no Delta commit.
 */
public final class IngestJob {
  /** The rejects key: a reject row is identified by everything but its timestamp. */
  static final List<String> REJECT_KEY = List.of("stage", "reason", "doc_id", "source", "origin", "detail");

  private IngestJob() {}

  public static JobSummary execute(SparkSession spark, SparktuneConfig config) {
    Warehouse warehouse = Warehouse.of(config.warehouse());
    if (config.sources().isEmpty()) {
      throw new ConfigError("Missing sparktune.sources: no source to ingest (see conf/sparktune.conf)");
    }
    List<SourceReader> readers = new ArrayList<>();
    for (SourceConfig source : config.sources()) {
      SourceReader reader = SourceReader.of(source, config.ingest().jdbcPartitions(), config.ingest().maxDocumentBytes());
      reader.check(spark);
      readers.add(reader);
    }
    Dataset<Row> raw = null;
    for (SourceReader reader : readers) {
      Dataset<Row> rows = reader.read(spark);
      raw = raw == null ? rows : raw.unionByName(rows);
    }
    // Materialized once: the later queries (counts, diffs, merges) then plan over a short lineage.
    Dataset<Row> judged = IngestTransforms.judge(raw, config.ingest().maxDocumentBytes()).localCheckpoint();
    Accounting counts = Accounting.of(judged);
    String sources = config.sources().stream().map(s -> "'" + s.name().replace("'", "''") + "'").collect(Collectors.joining(", "));
    String scope = "t.source IN (" + sources + ")";
    long documentsBefore = TableSync.version(spark, warehouse.documents());
    TableSync.Result documents = TableSync.sync(spark, warehouse.documents(), IngestTransforms.documents(judged),
        List.of("doc_id"), List.of("content_sha256"),
        List.of("lang", "title", "text", "origin", "content_sha256", "ingested_at"), scope);
    TableSync.Result rejects = TableSync.sync(spark, warehouse.rejects(), IngestTransforms.rejects(judged, "ingest"),
        REJECT_KEY, List.of(), List.of(), "t.stage = 'ingest' AND " + scope);
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("documents", documentsBefore);
    return new JobSummary("ingest")
        .put("in", counts.in())
        .put("documents", counts.kept())
        .put("rejected", counts.rejected())
        .put("rejects_by_reason", counts.reasons())
        .put("per_source", counts.perSource())
        .put("documents_table", documents.toMap())
        .put("rejects_table", rejects.toMap())
        .put("input_versions", versions)
        .outputDir(warehouse.documents());
  }
}

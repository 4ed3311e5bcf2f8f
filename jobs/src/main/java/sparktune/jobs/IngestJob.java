package sparktune.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import sparktune.prep.SourceFingerprints;
import sparktune.prep.TableSync;
import sparktune.spark.HadoopFiles;
import sparktune.spark.Warehouse;

/**
 * {@code ingest}: every configured source -> {@code documents/} (MERGE: new and changed documents
 * in, documents of a configured source that are gone from it out) and ingest rows of
 * {@code rejects/}. Every input is checked before anything is read or written. Only source units
 * (files, SQLite tables) whose fingerprint changed since the last ingest are read
 * ({@link SourceFingerprints}; {@code ingest.full-read} reads all); the rows of a changed or removed
 * unit are replaced by what it holds now. Unchanged inputs are not read and make no Delta commit.
 */
public final class IngestJob {
  /** The rejects key: a reject row is identified by everything but its timestamp. */
  static final List<String> REJECT_KEY = List.of("stage", "reason", "doc_id", "source", "origin", "detail");

  /** Above this share of changed units a source is read whole: one scan is cheaper than a long unit list. */
  private static final double WHOLE_SOURCE_SHARE = 0.5;

  private IngestJob() {}

  /** What to read of one source: every unit (units null), some units, or nothing. */
  private record Plan(SourceReader reader, SourceConfig source, Set<String> units, Set<String> removed, Map<String, String> fingerprints) {
    boolean reads() {
      return units == null || !units.isEmpty() || !removed.isEmpty();
    }

    /** The table rows this read replaces (alias t). */
    String scope() {
      String source = "t.source = " + quote(this.source.name());
      if (units == null) {
        return source;
      }
      Set<String> all = new LinkedHashSet<>(units);
      all.addAll(removed);
      return "(" + source + " AND t.unit IN (" + all.stream().map(IngestJob::quote).collect(Collectors.joining(", ")) + "))";
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("units", fingerprints.size());
      m.put("read", units == null ? fingerprints.size() : units.size());
      m.put("removed", removed.size());
      m.put("whole_source", units == null);
      return m;
    }
  }

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
    HadoopFiles files = HadoopFiles.of(spark);
    long documentsBefore = TableSync.version(spark, warehouse.documents());
    SourceFingerprints stored = SourceFingerprints.read(files, warehouse.documents(), documentsBefore);
    List<Plan> plans = new ArrayList<>();
    Map<String, SourceFingerprints.Source> now = new TreeMap<>();
    for (int i = 0; i < readers.size(); i++) {
      SourceConfig source = config.sources().get(i);
      String settings = source + "; max-document-bytes " + config.ingest().maxDocumentBytes();
      SourceFingerprints.Source last = stored.get(source.name());
      boolean known = last != null && last.settings().equals(settings) && !config.ingest().fullRead()
          && TableSync.version(spark, warehouse.rejects()) >= 0;
      Map<String, String> fingerprints = readers.get(i).fingerprints(known ? last.units() : Map.of());
      now.put(source.name(), new SourceFingerprints.Source(settings, fingerprints));
      plans.add(plan(readers.get(i), source, known ? last.units() : null, fingerprints));
    }

    Map<String, Object> units = new TreeMap<>();
    plans.forEach(p -> units.put(p.source().name(), p.toMap()));
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("documents", documentsBefore);
    JobSummary summary = new JobSummary("ingest").outputDir(warehouse.documents());
    List<Plan> reading = plans.stream().filter(Plan::reads).toList();
    if (reading.isEmpty()) {
      long v = documentsBefore;
      return summary.put("in", 0L).put("documents", 0L).put("rejected", 0L).put("rejects_by_reason", Map.of())
          .put("per_source", Map.of()).put("units", units)
          .put("documents_table", new TableSync.Result(0, 0, 0, false, v).toMap())
          .put("rejects_table", new TableSync.Result(0, 0, 0, false, TableSync.version(spark, warehouse.rejects())).toMap())
          .put("input_versions", versions);
    }
    Dataset<Row> raw = null;
    for (Plan p : reading) {
      Dataset<Row> rows = p.reader().read(spark, p.units());
      raw = raw == null ? rows : raw.unionByName(rows);
    }
    // Materialized once: the later queries (counts, diffs, merges) then plan over a short lineage.
    Dataset<Row> judged = IngestTransforms.judge(raw, config.ingest().maxDocumentBytes()).localCheckpoint();
    Accounting counts = Accounting.of(judged);
    String scope = reading.stream().map(Plan::scope).collect(Collectors.joining(" OR ", "(", ")"));
    TableSync.Result documents = TableSync.sync(spark, warehouse.documents(), IngestTransforms.documents(judged),
        List.of("doc_id"), List.of("content_sha256", "unit"),
        List.of("lang", "title", "text", "origin", "content_sha256", "ingested_at", "unit"), scope);
    TableSync.Result rejects = TableSync.sync(spark, warehouse.rejects(), IngestTransforms.rejects(judged, "ingest"),
        REJECT_KEY, List.of("unit"), List.of("unit"), "t.stage = 'ingest' AND " + scope);
    // Written last: a run that fails before this point is read again in full next time.
    new SourceFingerprints(documents.version(), now).write(files, warehouse.documents());
    return summary
        .put("in", counts.in())
        .put("documents", counts.kept())
        .put("rejected", counts.rejected())
        .put("rejects_by_reason", counts.reasons())
        .put("per_source", counts.perSource())
        .put("units", units)
        .put("documents_table", documents.toMap())
        .put("rejects_table", rejects.toMap())
        .put("input_versions", versions);
  }

  /** @param last the fingerprints of the last ingest, or null to read the whole source */
  private static Plan plan(SourceReader reader, SourceConfig source, Map<String, String> last, Map<String, String> now) {
    if (last == null) {
      return new Plan(reader, source, null, Set.of(), now);
    }
    Set<String> changed = new LinkedHashSet<>();
    now.forEach((unit, fp) -> {
      if (!reader.unchanged(last.get(unit), fp)) {
        changed.add(unit);
      }
    });
    Set<String> removed = new LinkedHashSet<>(last.keySet());
    removed.removeAll(now.keySet());
    if (!now.isEmpty() && changed.size() > WHOLE_SOURCE_SHARE * now.size()) {
      return new Plan(reader, source, null, removed, now);
    }
    return new Plan(reader, source, changed, removed, now);
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}

package sparktune.prep;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Makes a Delta table's rows within a scope equal to an incoming dataset, with one MERGE and only
 * when something differs: incoming rows whose key is new are inserted, rows whose key exists but
 * whose compared columns differ are updated (only the {@code updated} columns, so columns owned by a
 * later stage survive), and rows in scope whose key is not incoming are deleted. When nothing
 * differs no commit is made, so the table version (and every timestamp in it) stays as it was.
 */
public final class TableSync {
  /** What a sync did; {@code version} is the table version after it (-1 if it does not exist). */
  public record Result(long inserted, long updated, long deleted, boolean committed, long version) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("inserted", inserted);
      m.put("updated", updated);
      m.put("deleted", deleted);
      m.put("committed", committed);
      m.put("version", version);
      return m;
    }
  }

  private TableSync() {}

  /**
   * @param path the Delta table (created from {@code incoming} when absent, even when empty)
   * @param incoming the wanted rows in scope, unique on {@code keys}, with the table's columns (or a subset)
   * @param keys key columns
   * @param compared columns whose change makes an update (empty: rows are only inserted or deleted)
   * @param updated columns written on update
   * @param scope SQL condition on the table's rows (alias {@code t}) that this sync owns, e.g. {@code t.source IN ('a')}
   */
  public static Result sync(SparkSession spark, String path, Dataset<Row> incoming, List<String> keys,
      List<String> compared, List<String> updated, String scope) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      long n = incoming.count();
      create(incoming, path);
      return new Result(n, 0, 0, true, 0);
    }
    DeltaTable table = DeltaTable.forPath(spark, path);
    addMissingColumns(spark, path, table.toDF(), incoming);
    Dataset<Row> target = table.toDF();
    String on = sameKeys(keys);
    String changed = anyDiffers(compared);
    // One pass over both sides: classify every key as insert, update, delete or unchanged.
    Column status = when(expr(firstKey("t", keys) + " IS NULL"), lit("insert"))
        .when(expr(firstKey("s", keys) + " IS NULL"), when(expr(scope), lit("delete")).otherwise(lit("outside")))
        .when(expr(changed), lit("update"))
        .otherwise(lit("same"));
    Map<String, Long> counts = statusCounts(incoming.alias("s").join(target.alias("t"), expr(on), "full_outer").select(status.as("status")));
    long inserted = counts.getOrDefault("insert", 0L);
    long updatedRows = counts.getOrDefault("update", 0L);
    long deleted = counts.getOrDefault("delete", 0L);
    if (inserted == 0 && updatedRows == 0 && deleted == 0) {
      return new Result(0, 0, 0, false, version(table));
    }
    Map<String, Column> insertValues = fromSource(List.of(incoming.columns()));
    Map<String, Column> updateValues = fromSource(updated);
    DeltaMergeBuilder merge = table.as("t").merge(incoming.as("s"), on);
    if (!compared.isEmpty()) {
      merge = merge.whenMatched(changed).update(updateValues);
    }
    merge.whenNotMatched().insert(insertValues)
        .whenNotMatchedBySource(scope).delete()
        .execute();
    return new Result(inserted, updatedRows, deleted, true, version(table));
  }

  /**
   * Adds to the table, as nullable columns, the columns of incoming it lacks (a table written by an
   * older release), so a MERGE can fill them in.
   */
  /**
   * Applies a known change set with one MERGE, and only when it changes something: rows of
   * {@code upserts} whose key is new are inserted, those whose compared columns differ update the
   * {@code updated} columns, and rows whose key is in {@code deletes} are deleted.
   *
   * @param path the Delta table (created from {@code upserts} when absent)
   * @param deletes key columns of the rows to delete (disjoint from upserts' keys)
   */
  public static Result apply(SparkSession spark, String path, Dataset<Row> upserts, Dataset<Row> deletes, List<String> keys,
      List<String> compared, List<String> updated) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      long n = upserts.count();
      create(upserts, path);
      return new Result(n, 0, 0, true, 0);
    }
    DeltaTable table = DeltaTable.forPath(spark, path);
    addMissingColumns(spark, path, table.toDF(), upserts);
    Dataset<Row> target = table.toDF();
    String on = sameKeys(keys);
    String changed = anyDiffers(compared);
    Column status = when(expr(firstKey("t", keys) + " IS NULL"), lit("insert"))
        .when(expr("s._delete"), lit("delete"))
        .when(expr(changed), lit("update"))
        .otherwise(lit("same"));
    Dataset<Row> source = upserts.withColumn("_delete", lit(false))
        .unionByName(deletes.withColumn("_delete", lit(true)), true);
    Map<String, Long> counts = statusCounts(source.alias("s").join(target.alias("t"), expr(on), "left")
        .where(expr("NOT (s._delete AND " + firstKey("t", keys) + " IS NULL)")).select(status.as("status")));
    long inserted = counts.getOrDefault("insert", 0L);
    long updatedRows = counts.getOrDefault("update", 0L);
    long deleted = counts.getOrDefault("delete", 0L);
    if (inserted == 0 && updatedRows == 0 && deleted == 0) {
      return new Result(0, 0, 0, false, version(table));
    }
    Map<String, Column> insertValues = fromSource(List.of(upserts.columns()));
    Map<String, Column> updateValues = fromSource(updated);
    table.as("t").merge(source.as("s"), on)
        .whenMatched("s._delete").delete()
        .whenMatched("NOT s._delete AND (" + changed + ")").update(updateValues)
        .whenNotMatched("NOT s._delete").insert(insertValues)
        .execute();
    return new Result(inserted, updatedRows, deleted, true, version(table));
  }

  /**
   * Creates the table at {@code path} from {@code rows}, with deletion vectors enabled: a MERGE that
   * touches a few rows then marks them in a small side file instead of rewriting every data file
   * holding one (readers need Delta 2.3 or later).
   */
  static void create(Dataset<Row> rows, String path) {
    try {
      rows.writeTo(identifier(path)).using("delta").tableProperty("delta.enableDeletionVectors", "true").create();
    } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
      throw new IllegalStateException("Delta table " + path + " appeared while it was being created (two writers?)", e);
    }
  }

  /** The SQL identifier of a path-based Delta table. */
  static String identifier(String path) {
    return "delta.`" + path.replace("`", "``") + "`";
  }

  private static void addMissingColumns(SparkSession spark, String path, Dataset<Row> target, Dataset<Row> incoming) {
    List<String> have = List.of(target.columns());
    List<String> add = new java.util.ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : incoming.schema().fields()) {
      if (!have.contains(f.name())) {
        add.add("`" + f.name() + "` " + f.dataType().sql());
      }
    }
    if (!add.isEmpty()) {
      spark.sql("ALTER TABLE " + identifier(path) + " ADD COLUMNS (" + String.join(", ", add) + ")");
    }
  }

  private static String firstKey(String alias, List<String> keys) {
    return alias + ".`" + keys.get(0) + "`";
  }

  /** The newest version of a Delta table, or -1 when there is none at {@code path}. */
  public static long version(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path) ? version(DeltaTable.forPath(spark, path)) : -1;
  }

  private static long version(DeltaTable table) {
    return table.history(1).select("version").first().getLong(0);
  }

  /** Merge assignments that take each named column from the source side {@code s}. */
  private static Map<String, Column> fromSource(Iterable<String> columns) {
    Map<String, Column> out = new LinkedHashMap<>();
    for (String c : columns) {
      out.put("`" + c + "`", expr("s.`" + c + "`"));
    }
    return out;
  }

  /** The merge condition: target {@code t} and source {@code s} have equal keys (nulls equal). */
  private static String sameKeys(List<String> keys) {
    return keys.stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
  }

  /** True where any compared column differs between {@code t} and {@code s}; "false" when none is compared. */
  private static String anyDiffers(List<String> compared) {
    return compared.isEmpty() ? "false" : compared.stream().map(c -> "NOT (t.`" + c + "` <=> s.`" + c + "`)").collect(Collectors.joining(" OR "));
  }

  /** Rows per value of the {@code status} column, in one aggregation. */
  private static Map<String, Long> statusCounts(Dataset<Row> statuses) {
    Map<String, Long> counts = new HashMap<>();
    for (Row r : statuses.groupBy("status").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }
}

package sparktune.corpus;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import sparktune.text.Hashes;
import sparktune.text.TextValidity;

/**
 * Builds the rows every reader returns ({@link Tables#RAW}). A record's text passes
 * {@link TextValidity} here, so no reader can hand on a text with control characters or unpaired
 * surrogates: such a record becomes a reject whose detail starts with where it was found.
 */
final class RawRows {
  private RawRows() {}

  /**
   * A record with text, or its reject when the text is not valid.
   *
   * @param where the record's location for the detail, e.g. {@code record 5 (line 6) of songs.csv}
   */
  static Row record(String source, String lang, String naturalKey, String title, String text, String origin, long position, String where) {
    TextValidity.Problem p = TextValidity.check(text);
    if (p != null) {
      return rejected(source, lang, naturalKey, title, origin, position, p.at(where));
    }
    return RowFactory.create(Hashes.docId(source, naturalKey), source, lang, title, text, origin, position, null, null, null);
  }

  /** A rejected record: no text, the problem's reason and detail. */
  static Row rejected(String source, String lang, String naturalKey, String title, String origin, long position, TextValidity.Problem p) {
    return rejected(source, lang, naturalKey, title, origin, position, p.reason(), p.detail());
  }

  /** A rejected record: no text, {@code reason} and {@code detail}. */
  static Row rejected(String source, String lang, String naturalKey, String title, String origin, long position, String reason, String detail) {
    return RowFactory.create(Hashes.docId(source, naturalKey), source, lang, title, null, origin, position, reason, detail, null);
  }

  /** {@code row} (of {@link Tables#RAW}) with its unit set. */
  static Row inUnit(Row row, String unit) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length - 1; i++) {
      values[i] = row.get(i);
    }
    values[values.length - 1] = unit;
    return RowFactory.create(values);
  }
}

package sparktune.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records (RFC 4180: comma separated, fields quoted with {@code "}, {@code ""}
 * for a quote inside a quoted field, quoted fields may span lines; CRLF or LF line ends; blank
 * lines between records are skipped; a quote inside an unquoted field is a plain character).
 *
 * <p>A record is malformed when its number of fields differs from the header's, or when one of its
 * quoted fields is not closed: the file ends inside it, or the quote that would close it is
 * followed by something other than a comma or a line end. A quote that never closes would swallow
 * every later record, so its record ends where the next well-formed record starts: the first later
 * line that reads, from its start, as a record with the header's number of fields and every quote
 * closed (or at the end of the file). That line and everything after it are read normally. A lyric
 * line inside the broken field that itself reads as such a record ends the broken record early (a
 * line of an unquoted, quote-free field with exactly as many commas as the header has separators).
 */
final class CsvRecords {
  /**
   * One record.
   *
   * @param number 1-based record number (the header is not a record)
   * @param line the 1-based line where the record starts
   * @param start char offset of the record's first character
   * @param end char offset just past the record (its line end included)
   * @param fields the field values; empty when malformed
   * @param problem null, or why the record is malformed
   */
  record Record(int number, int line, int start, int end, List<String> fields, String problem) {}

  /** The outcome of reading one record from a position: fields, or the reason it fails. */
  private record Attempt(List<String> fields, int end, int lines, String failure) {}

  private final String text;

  private CsvRecords(String text) {
    this.text = text;
  }

  /** The header's fields (the first record of {@code text}; a leading BOM is ignored). */
  static List<String> header(String text) {
    CsvRecords r = new CsvRecords(text);
    Attempt a = r.attempt(r.firstPosition(), 1);
    return a.fields == null ? List.of() : a.fields;
  }

  /** Every record after the header, in file order. */
  static List<Record> parse(String text) {
    CsvRecords r = new CsvRecords(text);
    List<Record> out = new ArrayList<>();
    Attempt header = r.attempt(r.firstPosition(), 1);
    if (header.fields == null) {
      out.add(new Record(1, 1, 0, text.length(), List.of(), "the header: " + header.failure));
      return out;
    }
    int width = header.fields.size();
    int pos = header.end;
    int line = 1 + header.lines;
    while (true) {
      while (pos < text.length() && r.blankLineAt(pos)) {
        pos = r.lineEnd(pos);
        line++;
      }
      if (pos >= text.length()) {
        return out;
      }
      int number = out.size() + 1;
      Attempt a = r.attempt(pos, line);
      if (a.fields != null) {
        String problem = a.fields.size() == width ? null : "has " + a.fields.size() + " fields, the header has " + width;
        out.add(new Record(number, line, pos, a.end, problem == null ? a.fields : List.of(), problem));
        pos = a.end;
        line += a.lines;
        continue;
      }
      // Resynchronize on the next line that starts a well-formed record.
      int next = r.lineEnd(pos);
      int nextLine = line + 1;
      while (next < text.length()) {
        Attempt b = r.attempt(next, nextLine);
        if (b.fields != null && b.fields.size() == width && !r.blankLineAt(next)) {
          break;
        }
        next = r.lineEnd(next);
        nextLine++;
      }
      String until = next < text.length()
          ? "; the record ends before line " + nextLine + ", which starts the next well-formed record"
          : "; the record runs to the end of the file";
      out.add(new Record(number, line, pos, next, List.of(), a.failure + until));
      pos = next;
      line = nextLine;
    }
  }

  private int firstPosition() {
    return text.startsWith("\uFEFF") ? 1 : 0;
  }

  private boolean blankLineAt(int pos) {
    return text.charAt(pos) == '\n' || (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n');
  }

  /** The position after the line end at or after {@code pos} (the text's length at the last line). */
  private int lineEnd(int pos) {
    int nl = text.indexOf('\n', pos);
    return nl < 0 ? text.length() : nl + 1;
  }

  /** Reads one record starting at {@code pos}, which is on line {@code line}. */
  private Attempt attempt(int pos, int line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int lines = 0;
    int i = pos;
    int n = text.length();
    while (true) {
      field.setLength(0);
      if (i < n && text.charAt(i) == '"') {
        int openLine = line + lines;
        i++;
        while (true) {
          if (i >= n) {
            return new Attempt(null, n, lines, "quoted field " + (fields.size() + 1) + " (opened on line " + openLine + ") never closes: the file ends inside it");
          }
          char c = text.charAt(i);
          if (c == '"') {
            if (i + 1 < n && text.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c == '\n') {
            lines++;
          }
          field.append(c);
          i++;
        }
        if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && !(text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
          return new Attempt(null, i, lines, "quoted field " + (fields.size() + 1) + " (opened on line " + openLine + ") never closes: the next quote, on line "
              + (line + lines) + ", is followed by '" + text.charAt(i) + "', not a comma or a line end");
        }
      } else {
        while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n') {
          field.append(text.charAt(i));
          i++;
        }
        if (i < n && text.charAt(i) == '\n' && field.length() > 0 && field.charAt(field.length() - 1) == '\r') {
          field.setLength(field.length() - 1);
        }
      }
      fields.add(field.toString());
      if (i >= n) {
        return new Attempt(fields, n, lines, null);
      }
      if (text.charAt(i) == ',') {
        i++;
        continue;
      }
      if (text.charAt(i) == '\r') {
        i++;
      }
      return new Attempt(fields, i + 1, lines + 1, null);
    }
  }
}

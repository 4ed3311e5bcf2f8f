package sparktune.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Small HTML building helpers: escaping, tables, inline PNG images. */
final class Html {
  private Html() {}

  /** Escapes text for element content and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A table; header and cells are escaped. */
  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<table>\n<tr>");
    header.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
    b.append("</tr>\n");
    for (List<String> r : rows) {
      b.append("<tr>");
      r.forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
      b.append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** An inline PNG (data URI), so the report is one self-contained file. */
  static String img(byte[] png, String alt) {
    return "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">\n";
  }

  /** A number with 4 significant digits (integers as they are). */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%.1f" : "%.4g", v);
  }
}

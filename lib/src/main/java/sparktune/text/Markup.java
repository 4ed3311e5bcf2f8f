package sparktune.text;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strips leftover HTML and MediaWiki markup from text and decodes character entities:
 * {@code <ref>…</ref>}, comments, scripts and styles go entirely; {@code {{templates}}} (nested too)
 * go; {@code [[target|label]]} becomes {@code label} and {@code [[target]]} becomes {@code target};
 * {@code [http://x label]} becomes {@code label}; {@code '''bold'''} quotes go; block tags become
 * line breaks and other tags vanish; entities ({@code &amp;}, {@code &#233;}, {@code &#xE9;}) are
 * decoded last, so an escaped {@code &lt;b&gt;} survives as the literal text {@code <b>}.
 */
public final class Markup {
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Pattern DROPPED_ELEMENT = Pattern.compile("<(ref|script|style|math)\\b[^>]*?(/>|>.*?</\\1\\s*>)", FLAGS);
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{[^{}]*\\}\\}");
  private static final Pattern TABLE = Pattern.compile("\\{\\|[^{}]*\\|\\}");
  private static final Pattern WIKI_LINK = Pattern.compile("\\[\\[(?:[^\\[\\]|]*\\|)*([^\\[\\]|]*)\\]\\]");
  private static final Pattern EXTERNAL_LINK = Pattern.compile("\\[(?:https?|ftp)://[^\\s\\]]+(?:\\s+([^\\]]*))?\\]");
  private static final Pattern BOLD_ITALIC = Pattern.compile("'{2,5}");
  private static final Pattern BLOCK_TAG = Pattern.compile("</?(p|br|div|li|ul|ol|tr|table|h[1-6]|blockquote|pre|dd|dt)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][^<>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,10});");
  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
      Map.entry("apos", "'"), Map.entry("nbsp", "\u00A0"), Map.entry("ndash", "\u2013"),
      Map.entry("mdash", "\u2014"), Map.entry("hellip", "\u2026"), Map.entry("laquo", "\u00AB"),
      Map.entry("raquo", "\u00BB"), Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"),
      Map.entry("ldquo", "\u201C"), Map.entry("rdquo", "\u201D"), Map.entry("copy", "\u00A9"),
      Map.entry("reg", "\u00AE"), Map.entry("deg", "\u00B0"), Map.entry("times", "\u00D7"),
      Map.entry("shy", ""), Map.entry("middot", "\u00B7"), Map.entry("bull", "\u2022"),
      Map.entry("euro", "\u20AC"), Map.entry("thinsp", "\u2009"), Map.entry("ensp", "\u2002"),
      Map.entry("emsp", "\u2003"), Map.entry("eacute", "\u00E9"), Map.entry("egrave", "\u00E8"),
      Map.entry("aacute", "\u00E1"), Map.entry("oacute", "\u00F3"), Map.entry("iacute", "\u00ED"),
      Map.entry("uacute", "\u00FA"), Map.entry("ntilde", "\u00F1"), Map.entry("uuml", "\u00FC"),
      Map.entry("ouml", "\u00F6"), Map.entry("auml", "\u00E4"), Map.entry("szlig", "\u00DF"),
      Map.entry("ccedil", "\u00E7"), Map.entry("iexcl", "\u00A1"), Map.entry("iquest", "\u00BF"));

  private Markup() {}

  /** Markup removed and entities decoded; whitespace is left for {@link Whitespace}. */
  public static String strip(String s) {
    if (s.indexOf('<') < 0 && s.indexOf('[') < 0 && s.indexOf('{') < 0 && s.indexOf('&') < 0 && s.indexOf("''") < 0) {
      return s;
    }
    s = COMMENT.matcher(s).replaceAll("");
    s = DROPPED_ELEMENT.matcher(s).replaceAll("");
    s = removeInnermostFirst(s, TEMPLATE);
    s = removeInnermostFirst(s, TABLE);
    // Repeat for links inside link labels ([[a|b [[c]]]]): innermost first.
    for (String before = null; !s.equals(before); ) {
      before = s;
      s = WIKI_LINK.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }
    s = EXTERNAL_LINK.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) == null ? "" : m.group(1)));
    s = BOLD_ITALIC.matcher(s).replaceAll("");
    s = BLOCK_TAG.matcher(s).replaceAll("\n");
    s = TAG.matcher(s).replaceAll("");
    return decodeEntities(s);
  }

  /** Decodes named (common HTML set) and numeric entities; unknown names stay as they are. */
  public static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    return ENTITY.matcher(s).replaceAll(m -> Matcher.quoteReplacement(entity(m.group(1), m.group())));
  }

  private static String entity(String body, String whole) {
    if (body.charAt(0) == '#') {
      try {
        int cp = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X')
            ? Integer.parseInt(body.substring(2), 16)
            : Integer.parseInt(body.substring(1));
        return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : whole;
      } catch (NumberFormatException e) {
        return whole;
      }
    }
    String named = NAMED.get(body);
    return named == null ? whole : named;
  }

  private static String removeInnermostFirst(String s, Pattern p) {
    for (String before = null; !s.equals(before); ) {
      before = s;
      s = p.matcher(s).replaceAll("");
    }
    return s;
  }
}

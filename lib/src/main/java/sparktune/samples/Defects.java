package sparktune.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Dirty variants of clean generated text, as real dumps have them. Each returns a new string and
 * leaves the clean text (the one the entropy sidecar describes) as it was.
 */
final class Defects {
  private Defects() {}

  /** Inserts HTML entities: {@code &amp;}, {@code &quot;…&quot;}, {@code &nbsp;} and {@code &#1078;}. */
  static String entities(String text, SplittableRandom rng) {
    String[] tokens = text.split(" ", -1);
    List<Integer> plain = plainTokens(tokens);
    if (plain.isEmpty()) {
      return text + " &amp; &#1078;";
    }
    int a = plain.get(rng.nextInt(plain.size()));
    tokens[a] = "&quot;" + tokens[a] + "&quot;";
    int b = plain.get(rng.nextInt(plain.size()));
    tokens[b] = tokens[b] + " &amp;";
    int c = plain.get(rng.nextInt(plain.size()));
    tokens[c] = tokens[c] + "&nbsp;&#1078;";
    return String.join(" ", tokens);
  }

  /** Inserts stray markup: {@code <b>…</b>}, {@code [[…]]}, {@code <ref>…</ref>} and a leading {@code {{template}}}. */
  static String markup(String text, String word, SplittableRandom rng) {
    String[] tokens = text.split(" ", -1);
    List<Integer> plain = plainTokens(tokens);
    if (!plain.isEmpty()) {
      int a = plain.get(rng.nextInt(plain.size()));
      tokens[a] = "<b>" + tokens[a] + "</b>";
      int b = plain.get(rng.nextInt(plain.size()));
      tokens[b] = "[[" + tokens[b] + "]]";
    }
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].endsWith(".")) {
        tokens[i] = tokens[i] + "<ref>" + Language.capitalize(word) + ", p. " + (1 + rng.nextInt(300)) + "</ref>";
        break;
      }
    }
    return "{{" + Language.capitalize(word) + "}} " + String.join(" ", tokens);
  }

  /** Replaces {@code changes} words (not sentence-initial ones) by draws from the vocabulary: a near-duplicate. */
  static String nearDuplicate(String text, SampleModel model, int changes, SplittableRandom rng) {
    String[] tokens = text.split(" ", -1);
    List<Integer> inner = new ArrayList<>();
    for (int i = 1; i < tokens.length; i++) {
      String prev = tokens[i - 1];
      boolean sentenceStart = prev.endsWith(".") || prev.endsWith("?") || prev.endsWith("!") || tokens[i].contains("\n");
      if (!sentenceStart && !tokens[i].isEmpty() && Character.isLowerCase(tokens[i].charAt(0))) {
        inner.add(i);
      }
    }
    for (int c = 0; c < changes && !inner.isEmpty(); c++) {
      int i = inner.get(rng.nextInt(inner.size()));
      String t = tokens[i];
      int end = t.length();
      while (end > 0 && !Character.isLetter(t.charAt(end - 1))) {
        end--;
      }
      tokens[i] = model.word(rng) + t.substring(end);
    }
    return String.join(" ", tokens);
  }

  /** The first sentence (up to and including its terminator), or the whole first line. */
  static String firstSentence(String text) {
    int line = text.indexOf('\n');
    String first = line < 0 ? text : text.substring(0, line);
    for (int i = 0; i < first.length(); i++) {
      char ch = first.charAt(i);
      if (ch == '.' || ch == '?' || ch == '!') {
        return first.substring(0, i + 1);
      }
    }
    return first;
  }

  /** The first paragraph (up to the first blank line). */
  static String firstParagraph(String text) {
    int end = text.indexOf("\n\n");
    return end < 0 ? text : text.substring(0, end);
  }

  /** Wraps one word in double quotes (a quote character inside CSV fields). */
  static String quoted(String text, SplittableRandom rng) {
    String[] tokens = text.split(" ", -1);
    List<Integer> plain = plainTokens(tokens);
    if (plain.isEmpty()) {
      return "\"" + text + "\"";
    }
    int a = plain.get(rng.nextInt(plain.size()));
    tokens[a] = "\"" + tokens[a] + "\"";
    return String.join(" ", tokens);
  }

  /** Indices of tokens that are a bare word (no punctuation, no line break). */
  private static List<Integer> plainTokens(String[] tokens) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (!t.isEmpty() && t.chars().allMatch(Character::isLetter)) {
        out.add(i);
      }
    }
    return out;
  }
}

package sparktune.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CleanerTest {
  private static final CleanRules RULES = new CleanRules(20, 0.25, 2.0, 15.0, 0.5);

  @Test
  void wikiAndHtmlMarkupIsStrippedAndEntitiesDecoded() {
    String raw = "{{Infobox|a={{b}}}}'''Bold''' text<ref name=x>cite</ref> with [[Target|label]] and [[Plain]], "
        + "[https://x.org site] &amp; &lt;b&gt; &#233;&#xE9;<!-- hidden --><br/>next <span class=\"c\">line</span>";
    assertThat(Cleaner.normalize(raw)).isEqualTo("Bold text with label and Plain, site & <b> éé\nnext line");
  }

  @Test
  void unicodeIsComposedToNfc() {
    assertThat(Cleaner.normalize("Cafe\u0301")).isEqualTo("Caf\u00e9");
  }

  @Test
  void whitespaceIsCollapsedWithAtMostOneBlankLine() {
    assertThat(Whitespace.normalize("  a \t b  \r\n\r\n\r\n\n  c\u00A0d  \n")).isEqualTo("a b\n\nc d");
  }

  @Test
  void filtersRejectWithTheirNames() {
    assertThat(Cleaner.clean("   ", RULES).reason()).isEqualTo("empty");
    assertThat(Cleaner.clean("short text", RULES).reason()).isEqualTo("too-short");
    assertThat(Cleaner.clean("$$$ ### +++ === <<< >>> ~~~ $$$ +++ === a", RULES).reason()).isEqualTo("symbol-ratio");
    assertThat(Cleaner.clean("a b c d e f g h i j k l m n o p q r s t", RULES).reason()).isEqualTo("mean-word-length");
    assertThat(Cleaner.clean("the same line again\nthe same line again\nthe same line again\nthe same line again\nanother", RULES).reason())
        .isEqualTo("repeated-lines");
    Cleaned kept = Cleaner.clean("A perfectly ordinary sentence, with words of usual length.", RULES);
    assertThat(kept.isKept()).isTrue();
    assertThat(kept.text()).isEqualTo("A perfectly ordinary sentence, with words of usual length.");
  }

  @Test
  void measuresAreExact() {
    assertThat(Cleaner.symbolRatio("ab$%")).isEqualTo(0.25); // % is punctuation, $ is a symbol
    assertThat(Cleaner.meanWordLength("ab abcd")).isEqualTo(3.0);
    assertThat(Cleaner.repeatedLineShare("x\ny\nx\n\nx")).isEqualTo(0.5);
  }

  @Test
  void dedupKeyIgnoresCaseAndWhitespace() {
    assertThat(Whitespace.dedupKey("Hello   World\n")).isEqualTo(Whitespace.dedupKey("hello world"));
  }
}

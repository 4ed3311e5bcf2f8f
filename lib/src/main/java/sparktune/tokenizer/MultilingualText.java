package sparktune.tokenizer;

import java.util.Random;

/**
 * Seeded generator of English, Russian and Spanish text with the cases that break tokenizers:
 * contractions and apostrophes, digits, emoji (skin tones, ZWJ sequences, flags), combining marks,
 * long runs of spaces/tabs/newlines/CRLF/Unicode spaces, and the literal {@code <|endoftext|>}.
 * Used to check tokenizer identity and to benchmark; same seed, same text.
 */
public final class MultilingualText {
  private static final String[] EN = ("the of and to in is was for on that with as by it at from his her they this have "
      + "which one had not but were all there been when who will more time people would about world "
      + "house river morning question government children history music garden window friend").split(" ");
  private static final String[] RU = ("и в не на я быть он с что а по это она этот к но они мы как из у который то за свой "
      + "весь год от так о для ты же время человек жизнь день рука работа слово место лицо друг "
      + "глаз вопрос дом сторона страна мир случай голова ребёнок сила конец вид система часть город").split(" ");
  private static final String[] ES = ("el la de que y a en un ser se no haber por con su para como estar tener le lo todo "
      + "pero más hacer o poder decir este ir otro ese si me ya ver porque dar cuando muy sin vez "
      + "mucho saber qué sobre mi alguno mismo también hasta año dos querer entre así primero desde "
      + "canción niño corazón mañana señor después aquí está país él sí información").split(" ");
  private static final String[] CONTRACTIONS = {"don't", "I'll", "it's", "we've", "they're", "I'm", "he'd",
      "O'Neil", "rock 'n' roll", "'S", "'LL", "can't", "y'all", "'re", "'ve", "l'été", "’s", "isn’t"};
  private static final String[] EMOJI = {"😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇺🇸", "🇷🇺", "❤️", "🧑🏾‍💻", "✨", "🙂🙃", "👩‍❤️‍💋‍👨"};
  private static final String[] MARKS = {"e\u0301", "n\u0303", "и\u0306", "a\u0308\u0301", "Å", "ё", "c\u0327a"};
  private static final String[] SPACES = {"  ", "   ", "\t", "\t\t", "\n", "\n\n", "\r\n", "\r\n\r\n", " \n ",
      "\u00A0", "\u3000", "\u2009", "\u202F", "      ", "\n\n\n\n", " \t \n"};
  private static final String[] PUNCT = {",", ".", "!", "?", ";", ":", "...", "—", "«", "»", "¿", "¡", "\"", "(", ")", "-", "/", "#", "$", "%", "&", "*", "@"};

  private final Random random;

  public MultilingualText(long seed) {
    this.random = new Random(seed);
  }

  /** One document of roughly {@code words} words. */
  public String document(int words) {
    String[] lang = switch (random.nextInt(3)) {
      case 0 -> EN;
      case 1 -> RU;
      default -> ES;
    };
    StringBuilder sb = new StringBuilder(words * 7);
    boolean capital = true;
    for (int i = 0; i < words; i++) {
      int kind = random.nextInt(100);
      String w;
      if (kind < 70) {
        w = lang[random.nextInt(lang.length)];
      } else if (kind < 76) {
        w = CONTRACTIONS[random.nextInt(CONTRACTIONS.length)];
      } else if (kind < 82) {
        w = number();
      } else if (kind < 86) {
        w = EMOJI[random.nextInt(EMOJI.length)];
      } else if (kind < 90) {
        w = MARKS[random.nextInt(MARKS.length)] + lang[random.nextInt(lang.length)];
      } else if (kind < 97) {
        w = PUNCT[random.nextInt(PUNCT.length)];
      } else if (kind < 99) {
        w = SPACES[random.nextInt(SPACES.length)];
      } else {
        w = random.nextBoolean() ? "<|endoftext|>" : "<|endoftext|";
      }
      if (capital && !w.isEmpty()) {
        w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
      }
      capital = false;
      sb.append(w);
      int sep = random.nextInt(100);
      if (sep < 80) {
        sb.append(' ');
      } else if (sep < 88) {
        sb.append(". ");
        capital = true;
      } else if (sep < 92) {
        sb.append(SPACES[random.nextInt(SPACES.length)]);
      } else if (sep < 96) {
        sb.append(PUNCT[random.nextInt(PUNCT.length)]);
      }
    }
    if (random.nextInt(4) == 0) {
      sb.append(SPACES[random.nextInt(SPACES.length)]);
    }
    return sb.toString();
  }

  private String number() {
    return switch (random.nextInt(5)) {
      case 0 -> Integer.toString(random.nextInt(10));
      case 1 -> Integer.toString(1900 + random.nextInt(130));
      case 2 -> String.format(java.util.Locale.ROOT, "%,d", random.nextInt(10_000_000));
      case 3 -> String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 1000);
      default -> Long.toString(random.nextLong() & Long.MAX_VALUE);
    };
  }

  /** Documents joined by blank lines until at least {@code bytes} UTF-8 bytes. */
  public String corpus(long bytes) {
    StringBuilder sb = new StringBuilder();
    long n = 0;
    while (n < bytes) {
      String d = document(20 + random.nextInt(300));
      sb.append(d).append("\n\n");
      n += d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2;
    }
    return sb.toString();
  }
}

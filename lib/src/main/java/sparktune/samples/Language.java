package sparktune.samples;

import java.util.Locale;

/**
 * A language of the samples: its code and the letter material its pseudo-words are built from
 * (syllable onsets, nuclei and codas, all lowercase and precomposed, so words are NFC).
 */
public enum Language {
  EN("en",
      new String[] {"", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y",
          "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gr", "pl", "pr", "sh", "sl", "st", "str", "th", "tr", "wh"},
      new String[] {"a", "e", "i", "o", "u", "ea", "ee", "oo", "ou", "ai", "oa"},
      new String[] {"n", "r", "s", "t", "l", "nd", "st", "ng", "rk", "ck", "m", "th", "ll"}),
  RU("ru",
      new String[] {"", "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч", "ш",
          "щ", "ст", "пр", "кр", "гл", "бр", "тр", "др", "сл", "зв", "пл"},
      new String[] {"а", "е", "и", "о", "у", "ы", "я", "ю", "ё", "э"},
      new String[] {"н", "т", "л", "р", "с", "й", "ть", "к", "м", "ст", "нь", "в"}),
  ES("es",
      new String[] {"", "b", "c", "d", "f", "g", "j", "l", "ll", "m", "n", "ñ", "p", "qu", "r", "s", "t", "v", "z",
          "ch", "br", "pr", "tr", "gr", "pl", "cl"},
      new String[] {"a", "e", "i", "o", "u", "á", "é", "í", "ó", "ú", "ia", "ue", "io"},
      new String[] {"n", "s", "r", "l", "d", "z"});

  private final String code;
  private final String[] onsets;
  private final String[] nuclei;
  private final String[] codas;

  Language(String code, String[] onsets, String[] nuclei, String[] codas) {
    this.code = code;
    this.onsets = onsets;
    this.nuclei = nuclei;
    this.codas = codas;
  }

  /** ISO 639-1 code: en, ru, es. */
  public String code() {
    return code;
  }

  String[] onsets() {
    return onsets;
  }

  String[] nuclei() {
    return nuclei;
  }

  String[] codas() {
    return codas;
  }

  /** The language with this code; an error names the code and the known ones. */
  public static Language of(String code) {
    for (Language l : values()) {
      if (l.code.equals(code)) {
        return l;
      }
    }
    throw new IllegalArgumentException("Unknown sample language '" + code + "' (known: en, ru, es)");
  }

  /** The word with its first letter in upper case (every letter used here is one char). */
  static String capitalize(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  /** The inverse of {@link #capitalize}, or null when {@code token} is not a capitalized word. */
  static String decapitalize(String token) {
    if (token.isEmpty()) {
      return null;
    }
    String lower = token.substring(0, 1).toLowerCase(Locale.ROOT) + token.substring(1);
    return capitalize(lower).equals(token) && !lower.equals(token) ? lower : null;
  }
}

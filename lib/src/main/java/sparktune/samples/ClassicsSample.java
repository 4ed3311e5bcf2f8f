package sparktune.samples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes {@code classics/<Author>/<Title>.txt} (Russian and English books) and
 * {@code classics/info.csv} ({@code author,title,file}). Files are UTF-8 with {@code \n} line breaks
 * except the dirty ones: windows-1251 Russian files, a UTF-8 file with a BOM, CRLF files and an empty
 * file; author and title names contain spaces and non-ASCII letters. The entropy key of a book is
 * its path relative to {@code classics/}, e.g. {@code Author/Title.txt}.
 */
final class ClassicsSample {
  static final String SOURCE = "classics";
  static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

  enum Defect { NONE, WINDOWS_1251, BOM, CRLF, EMPTY_FILE }

  /** Language and defect of the first books, so even a tiny sample has each. */
  private static final Language[] LANGS = {Language.RU, Language.RU, Language.RU, Language.EN, Language.RU, Language.EN, Language.RU, Language.EN};
  private static final Defect[] SCHEDULE = {Defect.WINDOWS_1251, Defect.WINDOWS_1251, Defect.WINDOWS_1251, Defect.BOM,
      Defect.CRLF, Defect.CRLF, Defect.EMPTY_FILE, Defect.NONE};

  private ClassicsSample() {}

  static void write(Path dir, long budget, long seed, EntropyLog log) throws IOException {
    Files.createDirectories(dir);
    Set<String> paths = new HashSet<>();
    List<List<String>> authors = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    try (BufferedWriter info = Files.newBufferedWriter(dir.resolve("info.csv"), StandardCharsets.UTF_8)) {
      info.write("author,title,file\n");
      long bytes = 0;
      for (int i = 0; bytes < budget || i < SCHEDULE.length; i++) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x434CL, i));
        Language lang = i < LANGS.length ? LANGS[i] : rng.nextBoolean() ? Language.RU : Language.EN;
        SampleModel model = SampleModel.of(seed, SOURCE, lang.code());
        TextGenerator.Generated doc = model.generate(rng);
        Defect d = i < SCHEDULE.length ? SCHEDULE[i] : randomDefect(lang, rng);
        String author = author(model, authors.get(lang.ordinal()), rng);
        // The first book's title has two words: a file name with a space and (Russian) non-ASCII letters.
        String key = uniquePath(model, author, i == 0 ? 2 : 1 + rng.nextInt(4), paths, rng);
        String text = doc.text();
        byte[] stored = switch (d) {
          case WINDOWS_1251 -> text.getBytes(WINDOWS_1251);
          case BOM -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
          case CRLF -> text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
          default -> text.getBytes(StandardCharsets.UTF_8);
        };
        String defect = d == Defect.NONE || d == Defect.EMPTY_FILE ? null : d.name().toLowerCase().replace('_', '-');
        // The entropy line describes the clean UTF-8 text, not the stored bytes.
        bytes += log.generated(SOURCE, key, lang.code(), text, doc.logProb(), defect);
        writeBook(dir, key, stored, info);
        if (d == Defect.EMPTY_FILE) {
          writeBook(dir, uniquePath(model, author, 1 + rng.nextInt(3), paths, rng), new byte[0], info);
          log.stored(SOURCE, 0);
        }
      }
    }
  }

  private static Defect randomDefect(Language lang, SplittableRandom rng) {
    int r = rng.nextInt(100);
    if (lang == Language.RU && r < 10) {
      return Defect.WINDOWS_1251;
    }
    return r < 12 ? Defect.BOM : r < 17 ? Defect.CRLF : r < 18 ? Defect.EMPTY_FILE : Defect.NONE;
  }

  /** A new author with probability 8 / (authors + 8), else a known one: ~sqrt(16 · books) authors. */
  private static String author(SampleModel model, List<String> known, SplittableRandom rng) {
    if (rng.nextInt(known.size() + 8) < 8) {
      String name = model.name(2, rng);
      if (!known.contains(name)) {
        known.add(name);
      }
      return name;
    }
    return known.get(rng.nextInt(known.size()));
  }

  /** {@code Author/Title.txt}, unique (a number is appended after repeated clashes). */
  private static String uniquePath(SampleModel model, String author, int words, Set<String> paths, SplittableRandom rng) {
    String title = model.name(words, rng);
    for (int n = 2; !paths.add(author + "/" + title + ".txt"); n++) {
      title = n < 6 ? model.name(words, rng) : title + " " + n;
    }
    return author + "/" + title + ".txt";
  }

  private static void writeBook(Path dir, String key, byte[] bytes, BufferedWriter info) throws IOException {
    Path file = dir.resolve(key);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    String author = key.substring(0, key.indexOf('/'));
    String title = key.substring(key.indexOf('/') + 1, key.length() - ".txt".length());
    info.write(LyricsCsvSample.quote(author) + "," + LyricsCsvSample.quote(title) + "," + LyricsCsvSample.quote(key) + "\n");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

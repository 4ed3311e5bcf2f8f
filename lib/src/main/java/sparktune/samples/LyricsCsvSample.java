package sparktune.samples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes {@code lyrics-csv/lyrics.csv}: header {@code artist,title,lyrics}, Spanish songs,
 * RFC 4180 quoting (fields with a comma, quote or line break are quoted, quotes doubled), lyrics as
 * multi-line fields with {@code \n} line breaks, records ending in {@code \n}. Dirty rows: titles
 * with quotes and commas, lyrics with a quoted word (in place), empty lyrics and duplicate rows
 * (extra rows). The entropy key of a song is its 1-based data row number (the header is not counted).
 */
final class LyricsCsvSample {
  static final String SOURCE = "lyrics-csv";
  private static final int MIN_ROWS = 6;

  private LyricsCsvSample() {}

  static void write(Path file, long budget, long seed, EntropyLog log) throws IOException {
    Files.createDirectories(file.getParent());
    SampleModel model = SampleModel.of(seed, SOURCE, "es");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("artist,title,lyrics\n");
      long row = 0;
      long bytes = 0;
      String artist = null;
      for (long i = 0; bytes < budget || i < MIN_ROWS; i++) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x4C43L, i));
        if (artist == null || rng.nextInt(20) == 0) {
          artist = model.name(1 + rng.nextInt(2), rng);
        }
        TextGenerator.Generated doc = model.generate(rng);
        String title = model.name(1 + rng.nextInt(3), rng);
        int defect = i < 5 ? (int) i : rng.nextInt(100) < 8 ? rng.nextInt(5) : -1;
        if (defect == 0) {
          title = title + " \"" + model.name(1, rng) + "\"";
        } else if (defect == 1) {
          title = title + ", " + model.name(1, rng);
        }
        String lyrics = defect == 2 ? Defects.quoted(doc.text(), rng) : doc.text();
        row++;
        bytes += log.generated(SOURCE, Long.toString(row), "es", doc.text(), doc.logProb(), defect == 2 ? "quotes" : null);
        record(out, artist, title, lyrics);
        if (defect == 3) {
          row++;
          log.stored(SOURCE, 0);
          record(out, artist, model.name(2, rng), "");
        } else if (defect == 4) {
          row++;
          long len = lyrics.getBytes(StandardCharsets.UTF_8).length;
          log.stored(SOURCE, len);
          bytes += len;
          record(out, artist, title, lyrics);
        }
      }
    }
  }

  private static void record(BufferedWriter out, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(fields[i]));
    }
    out.write('\n');
  }

  /** RFC 4180: quoted when the field holds a comma, quote or line break; quotes doubled. */
  static String quote(String field) {
    if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}

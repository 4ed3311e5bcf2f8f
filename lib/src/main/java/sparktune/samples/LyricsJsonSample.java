package sparktune.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes the huggingartists layout: {@code lyrics/<artist>/datasets.json} holding
 * {@code {"train": ["lyrics ...", ...]}}, English songs, streamed. Artist names include spaces and
 * non-ASCII letters. Dirty entries: empty strings and exact duplicate songs (no entropy line).
 * The entropy key of a song is {@code <artist>#<index in the train list>}.
 */
final class LyricsJsonSample {
  static final String SOURCE = "lyrics";
  private static final long BYTES_PER_ARTIST = 8L << 20;
  private static final int MIN_SONGS = 4;

  private LyricsJsonSample() {}

  static void write(Path dir, long budget, long seed, EntropyLog log) throws IOException {
    SampleModel model = SampleModel.of(seed, SOURCE, "en");
    SplittableRandom names = new SplittableRandom(Seeds.mix(seed, 0x4C4EL, 0));
    int artists = (int) Math.max(3, (budget + BYTES_PER_ARTIST - 1) / BYTES_PER_ARTIST);
    List<String> artistNames = artistNames(model, artists, names);
    JsonFactory json = new JsonFactory();
    long song = 0;
    for (int a = 0; a < artists; a++) {
      String artist = artistNames.get(a);
      Path folder = dir.resolve(artist);
      Files.createDirectories(folder);
      long quota = budget / artists;
      try (JsonGenerator g = json.createGenerator(folder.resolve("datasets.json").toFile(), JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeArrayFieldStart("train");
        long bytes = 0;
        int index = 0;
        String previous = null;
        for (int n = 0; bytes < quota || n < MIN_SONGS; n++, song++) {
          SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x4C4AL, song));
          TextGenerator.Generated doc = model.generate(rng);
          bytes += log.generated(SOURCE, artist + "#" + index, "en", doc.text(), doc.logProb(), null);
          g.writeString(doc.text());
          index++;
          // The first artist gets one of each defect; later entries draw them at ~2% each.
          boolean empty = a == 0 ? n == 1 : rng.nextInt(100) < 2;
          boolean duplicate = a == 0 ? n == 2 : rng.nextInt(100) < 2;
          if (empty) {
            g.writeString("");
            log.stored(SOURCE, 0);
            index++;
          }
          if (duplicate && previous != null) {
            g.writeString(previous);
            long len = previous.getBytes(StandardCharsets.UTF_8).length;
            log.stored(SOURCE, len);
            bytes += len;
            index++;
          }
          previous = doc.text();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    }
  }

  /** Unique folder names: "Los Niños", then generated one- and two-word names, one with "é". */
  private static List<String> artistNames(SampleModel model, int count, SplittableRandom rng) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    out.add("Los Niños");
    seen.add("Los Niños");
    while (out.size() < count) {
      String name = switch (out.size() % 3) {
        case 1 -> model.name(2, rng);
        case 2 -> model.name(1, rng) + "é";
        default -> "The " + model.name(1, rng);
      };
      if (seen.add(name)) {
        out.add(name);
      }
    }
    return out;
  }
}

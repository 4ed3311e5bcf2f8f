package sparktune.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sparktune.spark.LocalTree;

/**
 * Writes the sample corpora into one directory, in the seed datasets' real layouts:
 *
 * <pre>
 * wikibooks.sqlite                 tables en, ru, es (title, url, abstract, body_text, body_html)  ~40%
 * classics/&lt;Author&gt;/&lt;Title&gt;.txt     Russian and English books, plus classics/info.csv        ~30%
 * lyrics/&lt;artist&gt;/datasets.json     {"train": ["...", ...]}, English                           ~15%
 * lyrics-csv/lyrics.csv            artist,title,lyrics, Spanish                                ~15%
 * entropy.jsonl                    one line per generated body: exact −log2 P under the generator
 * samples.json                     size, seed, counts per source, format version
 * </pre>
 *
 * Sizes are UTF-8 text bytes; every source writes at least a few records so that each kind of
 * defect is present. The same (size, seed) gives byte-identical files. Memory stays flat: rows are
 * batched, files streamed.
 */
public final class SampleCorpora {
  /** Version of the layout and of the generator; bumped when either changes. */
  public static final int FORMAT_VERSION = 1;

  /** What {@link #write} produced: per source {records, generated, bytes}, total text bytes. */
  public record Report(Map<String, Map<String, Long>> sources, long bytes) {}

  private SampleCorpora() {}

  /**
   * Replaces the sample files under {@code out} (only the paths listed above) with new ones.
   *
   * @param sizeBytes total UTF-8 text bytes to generate, across all sources
   * @param progress where progress lines go for large sizes (stderr), or null
   */
  public static Report write(Path out, long sizeBytes, long seed, PrintStream progress) throws IOException {
    Files.createDirectories(out);
    for (String p : List.of("wikibooks.sqlite", "classics", "lyrics", "lyrics-csv", "entropy.jsonl", "samples.json")) {
      LocalTree.delete(out.resolve(p));
    }
    long wiki = sizeBytes * 40 / 100;
    long[] wikiBudgets = {wiki * 40 / 100, wiki * 30 / 100, wiki * 30 / 100};
    EntropyLog log;
    try (EntropyLog l = new EntropyLog(out.resolve("entropy.jsonl"), sizeBytes, progress)) {
      log = l;
      WikibooksSample.write(out.resolve("wikibooks.sqlite"), wikiBudgets, seed, l);
      ClassicsSample.write(out.resolve("classics"), sizeBytes * 30 / 100, seed, l);
      LyricsJsonSample.write(out.resolve("lyrics"), sizeBytes * 15 / 100, seed, l);
      LyricsCsvSample.write(out.resolve("lyrics-csv").resolve("lyrics.csv"), sizeBytes * 15 / 100, seed, l);
    } catch (SQLException e) {
      throw new IOException("Cannot write " + out.resolve("wikibooks.sqlite") + ": " + e.getMessage(), e);
    }
    Report report = new Report(log.counts(), log.totalWritten());
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format_version", FORMAT_VERSION);
    meta.put("size_bytes", sizeBytes);
    meta.put("seed", seed);
    meta.put("sources", report.sources());
    meta.put("bytes", report.bytes());
    Map<String, Object> generator = new LinkedHashMap<>();
    generator.put("vocabulary_size", SampleModel.VOCABULARY_SIZE);
    generator.put("successors", SampleModel.SUCCESSORS);
    generator.put("lambda", SampleModel.LAMBDA);
    meta.put("generator", generator);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("samples.json").toFile(), meta);
    return report;
  }
}

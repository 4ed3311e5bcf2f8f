package sparktune.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code entropy.jsonl}: one line per generated document body,
 * {@code {"source", "key", "lang", "text_sha256", "bytes", "bits"[, "defect"]}}. The line always
 * describes the clean generated text; {@code defect} names what was done to the stored copy
 * (markup, windows-1251, ...) when it differs. Derived copies (duplicates, near-duplicates,
 * truncations) get no line. Also counts what each source wrote and reports progress on stderr.
 */
final class EntropyLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedWriter out;
  private final MessageDigest sha;
  private final Map<String, long[]> counts = new LinkedHashMap<>();
  private final long totalBytes;
  private final PrintStream progress;
  private long written;
  private int reportedTenths;

  /** @param progress where to print progress for large sizes, or null */
  EntropyLog(Path file, long totalBytes, PrintStream progress) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    this.totalBytes = totalBytes;
    this.progress = totalBytes >= (20L << 20) ? progress : null;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Records one generated body and counts it as a stored record of its source.
   *
   * @return the body's UTF-8 byte count
   */
  long generated(String source, String key, String lang, String text, double logProb, String defect) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("source", source);
    line.put("key", key);
    line.put("lang", lang);
    line.put("text_sha256", HexFormat.of().formatHex(sha.digest(utf8)));
    line.put("bytes", utf8.length);
    line.put("bits", SampleModel.bitsOf(logProb));
    if (defect != null) {
      line.put("defect", defect);
    }
    out.write(JSON.writeValueAsString(line));
    out.write('\n');
    long[] c = counts.computeIfAbsent(source, s -> new long[3]);
    c[1]++;
    stored(source, utf8.length);
    return utf8.length;
  }

  /** Counts a stored record (row, list entry, file) of {@code bytes} text bytes. */
  void stored(String source, long bytes) {
    long[] c = counts.computeIfAbsent(source, s -> new long[3]);
    c[0]++;
    c[2] += bytes;
    written += bytes;
    int tenths = (int) Math.min(10, written * 10 / Math.max(1, totalBytes));
    if (progress != null && tenths > reportedTenths) {
      reportedTenths = tenths;
      progress.printf("samples: %d MB of ~%d MB%n", written >> 20, totalBytes >> 20);
    }
  }

  /** Per source: records stored, bodies generated (lines written), text bytes stored. */
  Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> m = new LinkedHashMap<>();
    counts.forEach((source, c) -> {
      Map<String, Long> one = new LinkedHashMap<>();
      one.put("records", c[0]);
      one.put("generated", c[1]);
      one.put("bytes", c[2]);
      m.put(source, one);
    });
    return m;
  }

  long totalWritten() {
    return written;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}

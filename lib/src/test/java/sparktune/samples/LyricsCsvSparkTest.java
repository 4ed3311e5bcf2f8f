package sparktune.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.testing.SharedSpark;

class LyricsCsvSparkTest {
  @TempDir
  Path tmp;

  @Test
  void sparkReadsEveryRowWithMultiLineLyricsAndQuotesIntact() throws Exception {
    SampleCorpora.write(tmp, 100_000, 11, null);
    List<Row> rows = SharedSpark.get().read()
        .option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(tmp.resolve("lyrics-csv/lyrics.csv").toString())
        .withColumn("row", functions.monotonically_increasing_id())
        .orderBy("row").collectAsList();
    long records = new ObjectMapper().readTree(tmp.resolve("samples.json").toFile()).get("sources").get("lyrics-csv").get("records").asLong();
    assertThat(rows).hasSize((int) records);
    assertThat(rows.get(0).schema().fieldNames()).containsExactly("artist", "title", "lyrics", "row");
    assertThat(rows).anyMatch(r -> r.getString(1).contains("\"")).anyMatch(r -> r.getString(1).contains(","))
        .anyMatch(r -> r.isNullAt(2)).anyMatch(r -> !r.isNullAt(2) && r.getString(2).contains("\""));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    int checked = 0;
    for (String line : Files.readAllLines(tmp.resolve("entropy.jsonl"))) {
      JsonNode e = new ObjectMapper().readTree(line);
      if (!e.get("source").asText().equals("lyrics-csv") || e.has("defect")) {
        continue;
      }
      String lyrics = rows.get(Integer.parseInt(e.get("key").asText()) - 1).getString(2);
      assertThat(lyrics).contains("\n\n");
      assertThat(HexFormat.of().formatHex(sha.digest(lyrics.getBytes(StandardCharsets.UTF_8)))).isEqualTo(e.get("text_sha256").asText());
      checked++;
    }
    assertThat(checked).isGreaterThan(5);
  }
}

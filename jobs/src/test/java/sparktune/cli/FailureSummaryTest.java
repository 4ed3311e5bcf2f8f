package sparktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration and input-shape errors exit 2 before Spark starts, naming key, source, file, table
 * and column; every failing command ends stdout with a failed JSON summary.
 */
class FailureSummaryTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Cli().run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String errorLine() {
    String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
    return lines[lines.length - 1];
  }

  private JsonNode lastStdoutLine() throws Exception {
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }

  private void assertFailedSummary(String job, String message) throws Exception {
    JsonNode s = lastStdoutLine();
    assertThat(s.get("job").asText()).isEqualTo(job);
    assertThat(s.get("status").asText()).isEqualTo("failed");
    assertThat(s.get("error").asText()).isEqualTo(message);
  }

  private Path conf(String hocon) throws Exception {
    return Files.writeString(tmp.resolve("job.conf"), hocon);
  }

  @Test
  void configSyntaxErrorPrintsAFailedSummaryAsTheLastStdoutLine() throws Exception {
    Path conf = conf("train { lr = 0.1\n");

    assertThat(run("split", "--conf", conf.toString())).isEqualTo(2);

    assertThat(errorLine()).startsWith("sparktune split: Cannot parse config file " + conf + ": ");
    assertFailedSummary("split", errorLine().substring("sparktune split: ".length()));
  }

  @Test
  void unknownKeyPrintsAFailedSummaryNamingTheKey() throws Exception {
    assertThat(run("tokenize", "--set", "tokenize.blok-size=64")).isEqualTo(2);

    String message = "Unknown config key tokenize.blok-size (every key is listed with its default in conf/sparktune.conf)";
    assertThat(errorLine()).isEqualTo("sparktune tokenize: " + message);
    assertFailedSummary("tokenize", message);
  }

  @Test
  void usageErrorsAlsoEndWithAFailedSummary() throws Exception {
    assertThat(run("fly")).isEqualTo(2);
    assertFailedSummary("sparktune", "unknown command 'fly'");
  }

  @Test
  void wikibooksTableWithoutAColumnStopsBeforeSparkNamingSourceFileTableAndColumn() throws Exception {
    Path sqlite = tmp.resolve("wikibooks.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE en (title, url, abstract, body_text)");
      st.execute("INSERT INTO en VALUES ('Cats', 'https://en.wikibooks.org/wiki/Cats', NULL, 'Cats are small mammals.')");
    }
    Path warehouse = tmp.resolve("warehouse");
    Path conf = conf("sparktune { warehouse = \"" + warehouse + "\", sources = [\n"
        + "{ name = wiki, type = wikibooks-sqlite, path = \"" + sqlite + "\", tables = [en] }\n] }\n");

    assertThat(run("ingest", "--conf", conf.toString())).isEqualTo(2);

    String message = "Column 'body_html' not found in table 'en' of " + sqlite + " for source 'wiki' (wikibooks-sqlite), sparktune.sources[0].tables"
        + " (columns: title, url, abstract, body_text; a wikibooks table needs title, url, abstract, body_text, body_html)";
    assertThat(errorLine()).isEqualTo("sparktune ingest: " + message);
    assertFailedSummary("ingest", message);
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void csvWithoutTheConfiguredTextColumnStopsBeforeSparkNamingTheKey() throws Exception {
    Path csv = Files.createDirectories(tmp.resolve("songs")).resolve("songs.csv");
    Files.writeString(csv, "artist,title,text\r\nA,B,\"la la\r\nla\"\r\n");
    Path conf = conf("sparktune { warehouse = \"" + tmp.resolve("warehouse") + "\", sources = [\n"
        + "{ name = songs, type = lyrics-csv, path = \"" + csv.getParent() + "\" }\n] }\n");

    assertThat(run("ingest", "--conf", conf.toString())).isEqualTo(2);

    String message = "Column 'lyrics' (sparktune.sources[0].text-column) not found in " + csv + " (columns: artist, title, text)"
        + " for source 'songs' (lyrics-csv)";
    assertThat(errorLine()).isEqualTo("sparktune ingest: " + message);
    assertFailedSummary("ingest", message);
  }

  @Test
  void warehouseThatIsAFileStopsBeforeSparkNamingTheKey() throws Exception {
    Path file = Files.writeString(tmp.resolve("warehouse.txt"), "not a directory");

    long start = System.nanoTime();
    assertThat(run("split", "--set", "sparktune.warehouse=" + file)).isEqualTo(2);

    String message = "Invalid sparktune.warehouse: " + file + " (must be a directory, created when missing; this path is a file)";
    assertThat(errorLine()).isEqualTo("sparktune split: " + message);
    assertFailedSummary("split", message);
    assertThat((System.nanoTime() - start) / 1e9).as("seconds before the error").isLessThan(3);

    out.reset();
    err.reset();
    assertThat(run("split", "--set", "sparktune.warehouse=" + file.resolve("below"))).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("sparktune split: Invalid sparktune.warehouse: " + file.resolve("below") + " (cannot be created: "
        + file + " is a file, not a directory)");
  }
}

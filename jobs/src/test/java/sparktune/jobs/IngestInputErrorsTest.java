package sparktune.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.config.ConfigError;
import sparktune.testing.SharedSpark;

/** Missing or unusable inputs stop ingest with a message naming source and path, before anything is written. */
class IngestInputErrorsTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void missingTableIsNamedWithTheTablesThatExist(@TempDir Path tmp) throws Exception {
    Corpus corpus = new Corpus(tmp).write();
    assertThatThrownBy(() -> IngestJob.execute(spark, corpus.config("[en, ru]")))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Table 'ru' not found in wikibooks.sqlite (tables: en, es)");
    assertThat(corpus.warehouse).doesNotExist();
  }

  @Test
  void missingFolderAndNonSqliteFileStopBeforeWriting(@TempDir Path tmp) throws Exception {
    Corpus corpus = new Corpus(tmp).write();
    Path lyrics = corpus.root.resolve("lyrics");
    Files.move(lyrics, corpus.root.resolve("elsewhere"));
    assertThatThrownBy(() -> IngestJob.execute(spark, corpus.config()))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Missing input for source 'lyrics' (lyrics-json): " + lyrics + " does not exist");
    Files.move(corpus.root.resolve("elsewhere"), lyrics);

    Files.writeString(corpus.sqlite, "not a database");
    assertThatThrownBy(() -> IngestJob.execute(spark, corpus.config()))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Not a SQLite database: " + corpus.sqlite + " (source 'wiki' (wikibooks-sqlite))");
    assertThat(corpus.warehouse).doesNotExist();
  }
}

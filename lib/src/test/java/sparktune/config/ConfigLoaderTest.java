package sparktune.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path conf(String text) throws Exception {
    Path p = dir.resolve("my conf.conf");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void defaultsLoadAndValidate() {
    SparktuneConfig c = ConfigLoader.load((Path) null, List.of());
    assertThat(c.warehouse()).isEqualTo("warehouse");
    assertThat(c.spark().master()).isEqualTo("local[*]");
    assertThat(c.tokenize().blockSize()).isEqualTo(1024);
    assertThat(c.split().testFraction()).isEqualTo(0.2);
    assertThat(c.train().workers()).isEqualTo(1);
    assertThat(c.eval().decoding()).hasSize(2);
  }

  @Test
  void setWinsOverFileWhichWinsOverDefaults() throws Exception {
    Path file = conf("tokenize.block-size = 64\ntrain.workers = 3\n");
    SparktuneConfig c = ConfigLoader.load(file, List.of("train.workers=2"));
    assertThat(c.tokenize().blockSize()).isEqualTo(64);
    assertThat(c.train().workers()).isEqualTo(2);
    assertThat(c.train().lr()).isEqualTo(3e-4);
  }

  @Test
  void laterSetWins() {
    SparktuneConfig c = ConfigLoader.load((Path) null, List.of("split.seed=1", "split.seed=7"));
    assertThat(c.split().seed()).isEqualTo(7);
  }

  @Test
  void setAcceptsListsAndPlainStrings() {
    SparktuneConfig c = ConfigLoader.load((Path) null,
        List.of("train.sources=[lyrics, classics]", "sparktune.warehouse=s3a://bucket/prefix/x"));
    assertThat(c.train().sources()).containsExactly("lyrics", "classics");
    assertThat(c.warehouse()).isEqualTo("s3a://bucket/prefix/x");
  }

  @Test
  void unknownKeyIsNamed() throws Exception {
    Path file = conf("tokenize.blocksize = 64\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Unknown config key tokenize.blocksize (every key is listed with its default in conf/sparktune.conf)");
  }

  @Test
  void outOfRangeValueNamesKeyValueAndRange() {
    assertThatThrownBy(() -> ConfigLoader.load((Path) null, List.of("tokenize.block-size=0")))
        .isInstanceOf(ConfigError.class)
        .hasMessage("Invalid tokenize.block-size: 0 (must be 8..8192)");
  }

  @Test
  void wrongTypeNamesKeyAndExpectation() {
    assertThatThrownBy(() -> ConfigLoader.load((Path) null, List.of("train.workers=two")))
        .hasMessage("Invalid train.workers: two (must be an integer 1..4096)");
  }

  @Test
  void enumValueListsChoices() {
    assertThatThrownBy(() -> ConfigLoader.load((Path) null, List.of("train.schedule=step")))
        .hasMessage("Invalid train.schedule: step (must be one of constant, cosine, linear)");
  }

  @Test
  void bf16IsRefusedWithTheReason() {
    assertThatThrownBy(() -> ConfigLoader.load((Path) null, List.of("train.precision=bf16")))
        .hasMessageContaining("Invalid train.precision: bf16 (must be fp32 or fp16");
  }

  @Test
  void sourcesAreTypedAndCheckedPerType() throws Exception {
    Path file = conf("""
        sparktune.sources = [
          { name = wb, type = wikibooks-sqlite, path = "/data/wikibooks.sqlite", tables = [ru, en] }
          { name = books, type = text-dir, path = "/data/classics", encoding = windows-1251, lang = ru }
        ]
        """);
    SparktuneConfig c = ConfigLoader.load(file, List.of());
    assertThat(c.sources()).hasSize(2);
    assertThat(c.sources().get(0).type()).isEqualTo(SourceType.WIKIBOOKS_SQLITE);
    assertThat(c.sources().get(0).tables()).containsExactly("ru", "en");
    assertThat(c.sources().get(1).encoding()).isEqualTo("windows-1251");
  }

  @Test
  void unknownSourceTypeListsTheTypes() throws Exception {
    Path file = conf("sparktune.sources = [ { name = x, type = pdf-dir, path = /x } ]\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
        .hasMessage("Invalid sparktune.sources[0].type: pdf-dir (must be one of wikibooks-sqlite, lyrics-json, lyrics-csv, text-dir)");
  }

  @Test
  void keyOfAnotherSourceTypeIsRefused() throws Exception {
    Path file = conf("sparktune.sources = [ { name = x, type = lyrics-json, path = /x, tables = [en] } ]\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
        .hasMessage("Unknown key sparktune.sources[0].tables for a lyrics-json source (allowed: name, type, path, lang)");
  }

  @Test
  void duplicateSourceNamesAreRefused() throws Exception {
    Path file = conf("sparktune.sources = [ { name = x, type = lyrics-json, path = /a }, { name = x, type = lyrics-json, path = /b } ]\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
        .hasMessage("Invalid sparktune.sources: [x, x] (source names must be unique)");
  }

  @Test
  void missingConfigFileIsNamed() {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> ConfigLoader.load(missing, List.of()))
        .hasMessage("Config file not found: " + missing);
  }

  @Test
  void sparkPassThroughKeysAreAllowed() {
    SparktuneConfig c = ConfigLoader.load((Path) null, List.of("sparktune.spark.conf.\"spark.executor.memory\"=4g"));
    assertThat(c.spark().conf()).containsEntry("spark.executor.memory", "4g");
  }

  @Test
  void embeddedLocalConfigIsValid() {
    SparktuneConfig c = ConfigLoader.load(ConfigLoader.resource("local.conf"), List.of());
    assertThat(c.sources()).extracting(SourceConfig::name).containsExactly("wikibooks", "lyrics", "lyrics-csv", "classics");
    assertThat(c.tokenize().blockSize()).isEqualTo(128);
  }

  @Test
  void resolvedConfigJsonRedactsCredentials() {
    SparktuneConfig c = ConfigLoader.load((Path) null,
        List.of("sparktune.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=TOPSECRET123"));
    assertThat(c.toJson()).doesNotContain("TOPSECRET123").contains("***");
  }
}

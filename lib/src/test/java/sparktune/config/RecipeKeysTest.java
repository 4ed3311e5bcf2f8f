package sparktune.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys the recipes rely on, and every file of conf/examples loading cleanly. */
class RecipeKeysTest {
  static SparktuneConfig load(String... sets) {
    return ConfigLoader.load(ConfigFactory.empty(), List.of(sets));
  }

  @Test
  void dataPartDefaultsToAllAndParsesKOfN() {
    assertThat(load().train().dataParts()).isEqualTo(1);
    TrainConfig t = load("train.data-part=3/4").train();
    assertThat(t.dataPart()).isEqualTo(3);
    assertThat(t.dataParts()).isEqualTo(4);
    for (String bad : List.of("0/4", "5/4", "half", "1/0")) {
      assertThatThrownBy(() -> load("train.data-part=" + bad)).isInstanceOf(ConfigError.class).hasMessageContaining("train.data-part");
    }
  }

  @Test
  void optimizerAcceptsAdafactor() {
    assertThat(load("train.optimizer=adafactor").train().optimizer()).isEqualTo("adafactor");
    assertThatThrownBy(() -> load("train.optimizer=sgd")).hasMessageContaining("adafactor");
  }

  @Test
  void sourceLimitIsOnlyForWikibooks() {
    assertThat(load("sparktune.sources=[{name=w, type=wikibooks-sqlite, path=x.sqlite, limit=3300}]").sources().get(0).limit()).isEqualTo(3300);
    assertThat(load("sparktune.sources=[{name=w, type=wikibooks-sqlite, path=x.sqlite}]").sources().get(0).limit()).isZero();
    assertThatThrownBy(() -> load("sparktune.sources=[{name=t, type=text-dir, path=d, limit=5}]")).hasMessageContaining("limit");
    assertThatThrownBy(() -> load("sparktune.sources=[{name=w, type=wikibooks-sqlite, path=x.sqlite, limit=0}]")).hasMessageContaining("limit");
  }

  @Test
  void everyExampleLoads() throws Exception {
    try (var files = Files.list(Path.of("..", "conf", "examples"))) {
      List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
      assertThat(confs).hasSize(5);
      for (Path p : confs) {
        assertThat(ConfigLoader.load(p, List.of()).train().run()).as(p.toString()).isNotBlank();
      }
    }
  }
}

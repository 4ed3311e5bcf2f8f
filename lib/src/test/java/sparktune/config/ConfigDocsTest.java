package sparktune.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {
  @Test
  void committedReferenceMatchesTheDefaults() throws Exception {
    Path doc = Path.of("..", "docs", "configuration.md");
    assertThat(Files.readString(doc))
        .as("docs/configuration.md is stale: regenerate with `java -cp ... sparktune.config.ConfigDocs docs/configuration.md`"
            + "")
        .isEqualTo(ConfigDocs.render());
  }

  @Test
  void everyLeafKeyIsDocumentedWithAComment() {
    for (Map.Entry<String, ConfigValue> e : ConfigLoader.defaults().entrySet()) {
      if (e.getKey().startsWith("sparktune.spark.conf") || e.getKey().startsWith("eval.decoding")) {
        continue;
      }
      assertThat(e.getValue().origin().comments()).as("comment above %s in conf/sparktune.conf", e.getKey()).isNotEmpty();
    }
  }
}

package sparktune.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class DecodingConfigTest {
  @Test
  void configEntriesTakeHuggingFaceDefaultsForMissingOptions() {
    DecodingConfig beam = DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = wide, strategy = beam }"), "eval.decoding[0]");
    assertThat(beam.numBeams()).isEqualTo(4);
    assertThat(beam.temperature()).isEqualTo(1.0);
    assertThat(beam.topP()).isEqualTo(1.0);
    assertThat(DecodingConfig.fromJson(beam.toJson())).isEqualTo(beam);
  }

  @Test
  void unknownKeysAreRejectedWithTheirPath() {
    assertThatThrownBy(() -> DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = x, topp = 0.9 }"), "eval.decoding[1]"))
        .hasMessageStartingWith("Unknown key eval.decoding[1].topp (allowed: length-penalty, name, no-repeat-ngram-size,");
    assertThatThrownBy(() -> DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = x, top-k = many }"), "eval.decoding[1]"))
        .hasMessage("Invalid eval.decoding[1].top-k: many (must be an integer)");
  }

  @Test
  void beamSearchNeedsAtLeastTwoBeams() {
    assertThatThrownBy(() -> DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = b, strategy = beam, num-beams = 1 }"), "d"))
        .hasMessage("Invalid decoding 'b' num-beams: 1 (must be >= 2 for beam search)");
  }
}

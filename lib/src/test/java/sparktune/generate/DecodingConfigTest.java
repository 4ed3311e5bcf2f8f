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
  void greedyWithSeveralBeamsIsRejectedPointingToBeamSearch() {
    assertThatThrownBy(() -> DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = g, strategy = greedy, num-beams = 2 }"), "d"))
        .hasMessage("Invalid decoding 'g' num-beams: 2 (must be 1 for greedy decoding; use strategy beam for beam search)");
  }

  @Test
  void samplingDefaultsToOneBeamAndAcceptsSeveralForBeamSample() {
    assertThat(DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = s, strategy = sample }"), "d").numBeams()).isEqualTo(1);
    DecodingConfig beamSample = DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = bs, strategy = sample, num-beams = 3 }"), "d");
    assertThat(beamSample.numBeams()).isEqualTo(3);
    assertThat(DecodingConfig.fromJson(beamSample.toJson())).isEqualTo(beamSample);
  }

  @Test
  void beamSearchNeedsAtLeastTwoBeams() {
    assertThatThrownBy(() -> DecodingConfig.fromConfig(ConfigFactory.parseString("{ name = b, strategy = beam, num-beams = 1 }"), "d"))
        .hasMessage("Invalid decoding 'b' num-beams: 1 (must be >= 2 for beam search)");
  }

  @Test
  void adjacentSeedsDrawIndependentStreams() {
    // java.util.Random seeded with 0..99 directly starts every stream near 0.73; the mixed seeds spread over [0, 1)
    double[] first = new double[100];
    for (int seed = 0; seed < first.length; seed++) {
      first[seed] = DecodingConfig.fromMap(java.util.Map.of("strategy", "sample", "seed", String.valueOf(seed)), "d").random().nextDouble();
    }
    long quarters = java.util.Arrays.stream(first).mapToLong(u -> (long) (u * 4)).distinct().count();
    assertThat(quarters).isEqualTo(4);
    assertThat(java.util.Arrays.stream(first).filter(u -> u < 0.5).count()).isBetween(30L, 70L);
  }
}

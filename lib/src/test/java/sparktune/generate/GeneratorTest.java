package sparktune.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  private static float[] logProbs(double... p) {
    float[] l = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      l[i] = p[i] == 0 ? Float.NEGATIVE_INFINITY : (float) Math.log(p[i]);
    }
    return l;
  }

  /** From 0: 1 (0.5) or 2 (0.4); after 1 nothing is likely (best 0.3); after 2, 2 again (0.9). */
  private static final ToyLm TRAP = ToyLm.byLast(4, 64, last -> switch (last) {
    case 0 -> logProbs(0.0, 0.5, 0.4, 0.1);
    case 1 -> logProbs(0.3, 0.3, 0.2, 0.2);
    default -> logProbs(0.05, 0.05, 0.9, 0.0);
  });

  private static DecodingConfig config(Map<String, String> options) {
    return DecodingConfig.fromMap(options, "test");
  }

  @Test
  void greedyTakesTheLocallyBestTokenAndBeamSearchFindsTheLikelierSequence() {
    Generation greedy = Generator.generate(TRAP, new int[] {0}, DecodingConfig.greedy(), 2, -1, true);
    assertThat(greedy.tokens()).containsExactly(1, 0);
    assertThat(greedy.score()).isCloseTo(Math.log(0.5 * 0.3), within(1e-6));
    Generation beam = Generator.generate(TRAP, new int[] {0}, config(Map.of("strategy", "beam", "num-beams", "2")), 2, -1, true);
    assertThat(beam.tokens()).containsExactly(2, 2);
    assertThat(beam.score()).isCloseTo(Math.log(0.4 * 0.9) / 2, within(1e-6));
  }

  @Test
  void cachedAndUncachedGenerationGiveIdenticalTokensForEveryStrategy() {
    ToyLm lm = ToyLm.hashed(50, 128, 3);
    int[] prompt = {4, 8, 15, 16, 23, 42};
    for (Map<String, String> o : java.util.List.of(
        Map.of("strategy", "greedy"),
        Map.of("strategy", "greedy", "repetition-penalty", "1.3", "no-repeat-ngram-size", "2"),
        Map.of("strategy", "sample", "temperature", "0.7", "top-k", "20", "top-p", "0.9", "seed", "11"),
        Map.of("strategy", "beam", "num-beams", "4", "no-repeat-ngram-size", "3"),
        Map.of("strategy", "sample", "num-beams", "3", "temperature", "1.5", "top-p", "0.9", "seed", "7"))) {
      DecodingConfig cfg = config(o);
      Generation cached = Generator.generate(lm, prompt, cfg, 40, 0, true);
      Generation uncached = Generator.generate(lm, prompt, cfg, 40, 0, false);
      assertThat(cached.tokens()).as(cfg.toJson()).containsExactly(uncached.tokens());
      assertThat(cached.score()).as(cfg.toJson()).isCloseTo(uncached.score(), within(1e-9));
    }
  }

  @Test
  void beamSampleFindsTheLikelierSequenceFarMoreOftenThanPlainSampling() {
    int seeds = 50;
    int beamSampleHits = 0;
    int sampleHits = 0;
    for (int i = 0; i < seeds; i++) {
      // Spread seeds: java.util.Random's first draw is nearly the same for adjacent small seeds.
      String sd = String.valueOf(i * 0x9E3779B97F4A7C15L);
      int[] bs = Generator.generate(TRAP, new int[] {0}, config(Map.of("strategy", "sample", "num-beams", "2", "seed", sd)), 2, -1, true).tokens();
      int[] plain = Generator.generate(TRAP, new int[] {0}, config(Map.of("strategy", "sample", "seed", sd)), 2, -1, true).tokens();
      beamSampleHits += java.util.Arrays.equals(bs, new int[] {2, 2}) ? 1 : 0;
      sampleHits += java.util.Arrays.equals(plain, new int[] {2, 2}) ? 1 : 0;
    }
    // [2, 2] has probability 0.36: plain sampling finds it about a third of the time, while
    // beam-sample keeps it whenever it is among the 4 of 7 candidates drawn at the second step.
    assertThat(beamSampleHits).as("beam-sample hits of %d", seeds).isGreaterThanOrEqualTo(40);
    assertThat(sampleHits).as("plain sampling hits of %d", seeds).isLessThanOrEqualTo(30);
    assertThat(beamSampleHits - sampleHits).as("hits %d vs %d", beamSampleHits, sampleHits).isGreaterThanOrEqualTo(15);
  }

  @Test
  void beamSampleIsDeterministicForASeedAndDiffersAcrossSeeds() {
    ToyLm lm = ToyLm.hashed(50, 128, 5);
    Map<String, String> o = Map.of("strategy", "sample", "num-beams", "3", "temperature", "1.5");
    java.util.function.IntFunction<int[]> run = seed -> {
      Map<String, String> withSeed = new java.util.HashMap<>(o);
      withSeed.put("seed", String.valueOf(seed));
      return Generator.generate(lm, new int[] {1}, config(withSeed), 30, -1, true).tokens();
    };
    assertThat(run.apply(1)).containsExactly(run.apply(1));
    assertThat(run.apply(1)).isNotEqualTo(run.apply(2));
    assertThat(run.apply(2)).isNotEqualTo(run.apply(3));
  }

  @Test
  void beamSampleAtANearZeroTemperatureIsBeamSearch() {
    ToyLm lm = ToyLm.hashed(50, 128, 13);
    int[] prompt = {3, 1, 4};
    for (String beams : new String[] {"2", "4"}) {
      Generation beam = Generator.generate(lm, prompt, config(Map.of("strategy", "beam", "num-beams", beams)), 30, 0, true);
      Generation cold = Generator.generate(lm, prompt,
          config(Map.of("strategy", "sample", "num-beams", beams, "temperature", "1e-3", "seed", "3")), 30, 0, true);
      assertThat(cold.tokens()).as("num-beams %s", beams).containsExactly(beam.tokens());
      assertThat(cold.score() * 1e-3).as("num-beams %s", beams).isCloseTo(beam.score(), within(1e-9));
    }
  }

  @Test
  void samplingIsDeterministicForASeedAndDiffersAcrossSeeds() {
    ToyLm lm = ToyLm.hashed(50, 128, 5);
    Generation a = Generator.generate(lm, new int[] {1}, config(Map.of("strategy", "sample", "seed", "1")), 30, -1, true);
    Generation b = Generator.generate(lm, new int[] {1}, config(Map.of("strategy", "sample", "seed", "1")), 30, -1, true);
    Generation c = Generator.generate(lm, new int[] {1}, config(Map.of("strategy", "sample", "seed", "2")), 30, -1, true);
    assertThat(a.tokens()).containsExactly(b.tokens());
    assertThat(a.tokens()).isNotEqualTo(c.tokens());
  }

  @Test
  void samplingWithTopKOneIsGreedy() {
    ToyLm lm = ToyLm.hashed(50, 128, 9);
    Generation greedy = Generator.generate(lm, new int[] {2, 3}, DecodingConfig.greedy(), 25, -1, true);
    Generation topOne = Generator.generate(lm, new int[] {2, 3}, config(Map.of("strategy", "sample", "top-k", "1", "seed", "4")), 25, -1, true);
    assertThat(topOne.tokens()).containsExactly(greedy.tokens());
  }

  @Test
  void generationStopsAtEosAndExcludesIt() {
    ToyLm lm = ToyLm.byLast(5, 64, last -> last == 3 ? logProbs(0.1, 0.1, 0.1, 0.1, 0.6) : logProbs(0.1, 0.1, 0.1, 0.6, 0.1));
    Generation g = Generator.generate(lm, new int[] {0}, DecodingConfig.greedy(), 10, 4, true);
    assertThat(g.tokens()).containsExactly(3);
    assertThat(g.stoppedAtEos()).isTrue();
    assertThat(g.forwardCalls()).isEqualTo(2);
  }

  @Test
  void maxNewTokensCapsTheLengthAndTheContextCapsItToo() {
    ToyLm lm = ToyLm.hashed(30, 16, 1);
    assertThat(Generator.generate(lm, new int[] {1, 2}, DecodingConfig.greedy(), 5, -1, true).tokens()).hasSize(5);
    assertThat(Generator.generate(lm, new int[] {1, 2, 3, 4, 5, 6}, DecodingConfig.greedy(), 50, -1, true).tokens()).hasSize(10);
  }

  @Test
  void noRepeatNgramPreventsTheLoopGreedyFallsInto() {
    // 0 -> 1 -> 0 -> 1 ...: greedy loops on the bigram (0 1)
    ToyLm lm = ToyLm.byLast(6, 64, last -> last == 0 ? logProbs(0.02, 0.9, 0.02, 0.02, 0.02, 0.02) : logProbs(0.9, 0.02, 0.02, 0.02, 0.02, 0.02));
    int[] looping = Generator.generate(lm, new int[] {0}, DecodingConfig.greedy(), 8, -1, true).tokens();
    assertThat(looping).containsExactly(1, 0, 1, 0, 1, 0, 1, 0);
    int[] free = Generator.generate(lm, new int[] {0}, config(Map.of("no-repeat-ngram-size", "2")), 8, -1, true).tokens();
    int[] full = new int[free.length + 1];
    System.arraycopy(free, 0, full, 1, free.length);
    Set<Long> bigrams = new HashSet<>();
    for (int i = 0; i + 1 < full.length; i++) {
      assertThat(bigrams.add(full[i] * 100L + full[i + 1])).as("bigram at %d of %s", i, java.util.Arrays.toString(full)).isTrue();
    }
  }

  @Test
  void repetitionPenaltyMakesGreedyAvoidSeenTokens() {
    ToyLm lm = ToyLm.byLast(4, 64, last -> new float[] {2f, 1.5f, 1.2f, 0.9f});
    assertThat(Generator.generate(lm, new int[] {3}, DecodingConfig.greedy(), 3, -1, true).tokens()).containsExactly(0, 0, 0);
    int[] penalized = Generator.generate(lm, new int[] {3}, config(Map.of("repetition-penalty", "2.0")), 3, -1, true).tokens();
    assertThat(penalized).containsExactly(0, 1, 2);
  }

  @Test
  void decodingOptionsAreValidatedWithTheirName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(Map.of("name", "bad", "strategy", "sample", "top-p", "1.5")))
        .hasMessage("Invalid decoding 'bad' top-p: 1.5 (must be in (0, 1])");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(Map.of("strategy", "nucleus")))
        .hasMessage("Invalid test.strategy: nucleus (must be greedy, sample or beam)");
  }
}

package sparktune.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.model.HfModelDir;
import sparktune.testing.TinyGpt2;

/** Generation through the real DJL GPT-2: the KV cache changes speed, never the tokens. */
class Gpt2LmTest {
  @TempDir
  static Path tmp;

  private static Gpt2Lm lm;

  @BeforeAll
  static void load() throws Exception {
    Path dir = TinyGpt2.write(tmp.resolve("tiny"), 2000, 64, 7, 0.3);
    NDManager manager = NDManager.newBaseManager();
    lm = new Gpt2Lm(HfModelDir.load(dir.toString(), null, manager), manager);
  }

  @AfterAll
  static void close() {
    lm.close();
  }

  @Test
  void cachedAndUncachedGreedyGenerationAreIdentical() {
    int[] prompt = {464, 1290, 318, 257};
    Generation cached = Generator.generate(lm, prompt, DecodingConfig.greedy(), 40, -1, true);
    Generation uncached = Generator.generate(lm, prompt, DecodingConfig.greedy(), 40, -1, false);
    assertThat(cached.tokens()).hasSize(40).containsExactly(uncached.tokens());
    assertThat(cached.score()).isCloseTo(uncached.score(), within(1e-3));
  }

  @Test
  void beamSearchWithAndWithoutCacheMatches() {
    DecodingConfig beam = DecodingConfig.fromMap(Map.of("strategy", "beam", "num-beams", "3", "no-repeat-ngram-size", "2"), "test");
    int[] prompt = {1496, 995};
    Generation cached = Generator.generate(lm, prompt, beam, 20, -1, true);
    Generation uncached = Generator.generate(lm, prompt, beam, 20, -1, false);
    assertThat(cached.tokens()).hasSize(20).containsExactly(uncached.tokens());
  }

  @Test
  void beamSampleWithAndWithoutCacheMatches() {
    DecodingConfig beamSample = DecodingConfig.fromMap(
        Map.of("strategy", "sample", "num-beams", "3", "temperature", "1.5", "top-p", "0.9", "seed", "5"), "test");
    int[] prompt = {1496, 995};
    Generation cached = Generator.generate(lm, prompt, beamSample, 20, -1, true);
    Generation uncached = Generator.generate(lm, prompt, beamSample, 20, -1, false);
    assertThat(cached.tokens()).hasSize(20).containsExactly(uncached.tokens());
  }

  @Test
  void sampledGenerationWithCacheMatchesWithout() {
    DecodingConfig sample = DecodingConfig.fromMap(Map.of("strategy", "sample", "top-k", "50", "top-p", "0.95", "seed", "3"), "test");
    int[] prompt = {40, 1842};
    assertThat(Generator.generate(lm, prompt, sample, 30, -1, true).tokens())
        .containsExactly(Generator.generate(lm, prompt, sample, 30, -1, false).tokens());
  }

  @Test
  void tokenNllIsMinusLogSoftmaxOfTheNextToken() {
    int[][] ids = {{464, 1290, 318, 257, 1332}};
    float[][] nll = lm.tokenNll(ids);
    assertThat(nll[0]).hasSize(4);
    for (int t = 0; t < 4; t++) {
      int[] prefix = java.util.Arrays.copyOf(ids[0], t + 1);
      double[] logp = LogitsOps.logSoftmax(lm.lastLogits(new int[][] {prefix})[0]);
      assertThat((double) nll[0][t]).isCloseTo(-logp[ids[0][t + 1]], within(1e-3));
    }
  }

  @Test
  void meanPooledHiddenStatesIgnorePadding() {
    float[][] alone = lm.meanPooled(new int[][] {{464, 1290}});
    float[][] batched = lm.meanPooled(new int[][] {{464, 1290}, {1, 2, 3, 4, 5}});
    assertThat(batched[0]).hasSize(32);
    for (int i = 0; i < 32; i++) {
      assertThat(batched[0][i]).isCloseTo(alone[0][i], within(1e-4f));
    }
    assertThat(List.of(lm.vocabSize(), lm.contextSize(), lm.eosId())).containsExactly(2000, 64, 1999);
  }
}

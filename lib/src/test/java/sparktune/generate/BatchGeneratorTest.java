package sparktune.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sparktune.model.HfModelDir;
import sparktune.testing.TinyGpt2;

/** Batched decoding through the real DJL GPT-2 gives each prompt the tokens it gets alone. */
class BatchGeneratorTest {
  private static final int NEW_TOKENS = 24;

  @TempDir
  static Path tmp;

  private static Gpt2Lm lm;
  private static List<int[]> prompts;

  @BeforeAll
  static void load() throws Exception {
    Path dir = TinyGpt2.write(tmp.resolve("tiny"), 2000, 64, 7, 0.3);
    NDManager manager = NDManager.newBaseManager();
    lm = new Gpt2Lm(HfModelDir.load(dir.toString(), null, manager), manager);
    Random rnd = new Random(1);
    prompts = new ArrayList<>();
    for (int length : new int[] {5, 1, 9, 3, 12, 2, 7}) {
      int[] p = new int[length];
      for (int i = 0; i < length; i++) {
        p[i] = rnd.nextInt(1999);
      }
      prompts.add(p);
    }
  }

  @AfterAll
  static void close() {
    lm.close();
  }

  private static List<Generation> oneAtATime(DecodingConfig cfg, int eos) {
    List<Generation> out = new ArrayList<>();
    for (int[] p : prompts) {
      out.add(Generator.generate(lm, p, cfg, NEW_TOKENS, eos, true));
    }
    return out;
  }

  private static void assertSameTokens(List<Generation> batched, List<Generation> alone, String what) {
    assertThat(batched).hasSameSizeAs(alone);
    for (int i = 0; i < alone.size(); i++) {
      assertThat(batched.get(i).tokens()).as("%s, prompt %d", what, i).containsExactly(alone.get(i).tokens());
      assertThat(batched.get(i).stoppedAtEos()).as("%s, prompt %d", what, i).isEqualTo(alone.get(i).stoppedAtEos());
      assertThat(batched.get(i).score()).as("%s, prompt %d", what, i).isCloseTo(alone.get(i).score(), within(1e-3));
    }
  }

  /** A token that greedy decoding emits first at different steps for different prompts (and never for some). */
  private static int eosReachedAtDifferentSteps(List<Generation> free) {
    int best = -1;
    int bestDistinct = 0;
    for (Generation g : free) {
      for (int candidate : g.tokens()) {
        Set<Integer> stops = new HashSet<>();
        for (Generation h : free) {
          stops.add(indexOf(h.tokens(), candidate));
        }
        if (stops.size() > bestDistinct) {
          bestDistinct = stops.size();
          best = candidate;
        }
      }
    }
    return best;
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void batchedGreedyEqualsOnePromptAtATimeWhenRowsStopAtDifferentSteps() {
    int eos = eosReachedAtDifferentSteps(oneAtATime(DecodingConfig.greedy(), -1));
    List<Generation> alone = oneAtATime(DecodingConfig.greedy(), eos);
    Set<Integer> lengths = new HashSet<>();
    alone.forEach(g -> lengths.add(g.tokens().length));
    assertThat(lengths).as("rows stop at different steps").hasSizeGreaterThanOrEqualTo(3);
    assertThat(alone).as("some rows stop at EOS, some at the limit")
        .anyMatch(Generation::stoppedAtEos).anyMatch(g -> !g.stoppedAtEos());
    for (int batch : new int[] {16, 3, 1}) {
      assertSameTokens(BatchGenerator.generate(lm, prompts, DecodingConfig.greedy(), NEW_TOKENS, eos, batch), alone, "batch " + batch);
    }
  }

  @Test
  void batchedSamplingWithPenaltiesEqualsOnePromptAtATimeForTheSameSeed() {
    for (Map<String, String> o : List.of(
        Map.of("strategy", "sample", "temperature", "0.9", "top-k", "50", "top-p", "0.95", "seed", "3"),
        Map.of("strategy", "sample", "repetition-penalty", "1.3", "no-repeat-ngram-size", "2", "seed", "11"),
        Map.of("strategy", "greedy", "repetition-penalty", "1.3", "no-repeat-ngram-size", "2"))) {
      DecodingConfig cfg = DecodingConfig.fromMap(o, "test");
      assertSameTokens(BatchGenerator.generate(lm, prompts, cfg, NEW_TOKENS, 1999, 16), oneAtATime(cfg, 1999), cfg.toJson());
    }
  }

  @Test
  void beamSearchRunsPromptByPromptWithTheSameResult() {
    DecodingConfig beam = DecodingConfig.fromMap(Map.of("strategy", "beam", "num-beams", "3"), "test");
    assertSameTokens(BatchGenerator.generate(lm, prompts.subList(0, 3), beam, 8, -1, 16),
        prompts.subList(0, 3).stream().map(p -> Generator.generate(lm, p, beam, 8, -1, true)).toList(), "beam");
  }

  @Test
  void promptsLongerThanTheContextAreCutAsForOnePrompt() {
    int[] longPrompt = new int[70];
    for (int i = 0; i < longPrompt.length; i++) {
      longPrompt[i] = (i * 37) % 1999;
    }
    List<int[]> mixed = List.of(longPrompt, new int[] {5}, java.util.Arrays.copyOf(longPrompt, 60));
    List<Generation> batched = BatchGenerator.generate(lm, mixed, DecodingConfig.greedy(), 10, -1, 4);
    for (int i = 0; i < mixed.size(); i++) {
      assertThat(batched.get(i).tokens()).containsExactly(Generator.generate(lm, mixed.get(i), DecodingConfig.greedy(), 10, -1, true).tokens());
    }
    assertThat(batched.get(0).tokens()).hasSize(1);
    assertThat(batched.get(2).tokens()).hasSize(4);
  }

  @Test
  void theRecomputingSessionOfOtherModelsBatchesPromptsOfDifferentLengths() {
    ToyLm toy = ToyLm.hashed(50, 128, 3);
    List<int[]> toyPrompts = List.of(new int[] {4, 8, 15}, new int[] {16}, new int[] {23, 42, 4, 8, 15, 16});
    DecodingConfig cfg = DecodingConfig.fromMap(Map.of("strategy", "sample", "top-k", "20", "seed", "5"), "test");
    List<Generation> batched = BatchGenerator.generate(toy, toyPrompts, cfg, 30, 0, 8);
    for (int i = 0; i < toyPrompts.size(); i++) {
      assertThat(batched.get(i).tokens()).containsExactly(Generator.generate(toy, toyPrompts.get(i), cfg, 30, 0, true).tokens());
    }
  }

  @Test
  void rejectsABatchSizeBelowOneAndEmptyPrompts() {
    assertThatThrownBy(() -> BatchGenerator.generate(lm, prompts, DecodingConfig.greedy(), 4, -1, 0))
        .hasMessage("Invalid generation batch size: 0 (must be >= 1)");
    assertThatThrownBy(() -> BatchGenerator.generate(lm, List.of(new int[] {1}, new int[0]), DecodingConfig.greedy(), 4, -1, 2))
        .hasMessage("Empty prompt 1: generation needs at least one token (e.g. the EOS id)");
  }
}

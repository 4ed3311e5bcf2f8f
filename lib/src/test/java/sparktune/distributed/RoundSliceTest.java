package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundSliceTest {
  @Test
  void workersReadDisjointChunksThatTileTheStream() {
    RoundSlice s = new RoundSlice(3, 4, 2); // 8 sequences per worker per round
    Set<Long> seen = new HashSet<>();
    for (int r = 0; r < 5; r++) {
      for (int w = 0; w < 3; w++) {
        long start = s.start(r, w);
        for (long p = start; p < start + s.sequencesPerRound(); p++) {
          assertThat(seen.add(p)).as("position %d read twice", p).isTrue();
        }
      }
    }
    assertThat(seen).hasSize(5 * 3 * 8);
    assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(5 * 3 * 8 - 1);
  }

  @Test
  void sliceAndSeedArePureFunctionsOfRoundAndWorker() {
    RoundSlice a = new RoundSlice(2, 5, 8);
    RoundSlice b = new RoundSlice(2, 5, 8);
    assertThat(a.start(7, 1)).isEqualTo(b.start(7, 1)).isEqualTo((7L * 2 + 1) * 40);
    assertThat(RoundSlice.seed(1337, 1)).isEqualTo(RoundSlice.seed(1337, 1));
    Set<Long> seeds = new HashSet<>();
    for (int w = 0; w < 64; w++) {
      seeds.add(RoundSlice.seed(1337, w));
    }
    assertThat(seeds).hasSize(64);
    assertThat(RoundSlice.seed(1338, 1)).isNotEqualTo(RoundSlice.seed(1337, 1));
    assertThat(RoundSlice.seed(1337, 0)).as("worker 0 drops what single-worker training drops").isEqualTo(1337);
  }

  @Test
  void positionsWrapIntoLaterEpochs() {
    assertThat(RoundSlice.epoch(250, 100)).isEqualTo(2);
    assertThat(RoundSlice.offset(250, 100)).isEqualTo(50);
  }
}

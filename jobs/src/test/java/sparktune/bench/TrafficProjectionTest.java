package sparktune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficProjectionTest {
  // A measured round of a 28,608-parameter model at N = 2 that moved 4P + 2 x 4P + 16P / 2 bytes
  // through its busiest task (fp32 deltas, nesterov) plus a 3-byte header, and wrote 8P + 5 bytes
  // of inner state per worker.
  private static final long P = 28_608;
  private static final TrafficProjection.Measured RUN =
      new TrafficProjection.Measured(P, 2, 4 * P + 8 * P + 8 * P + 3, 8 * P + 5, 16);

  @Test
  void projectingToTheMeasuredRunReproducesItsBytes() {
    TrafficProjection.Row row = TrafficProjection.project(RUN, new int[] {2}, new long[] {P}, 10, 0.3, 50).get(0);
    assertThat(row.exchangeBytes()).isEqualTo(RUN.exchangeBytes());
    assertThat(row.innerStateBytes()).isEqualTo(RUN.innerStateBytesPerWorker());
  }

  @Test
  void exchangeFollowsFlatPlusShardTermOverN() {
    long big = 124_439_808L;
    List<TrafficProjection.Row> rows = TrafficProjection.project(RUN, new int[] {2, 8, 64}, new long[] {big}, 10, 0.3, 50);
    double flat = 12 + 3.0 / P;
    for (TrafficProjection.Row r : rows) {
      assertThat(r.params()).isEqualTo(big);
      assertThat((double) r.exchangeBytes()).isCloseTo(big * (flat + 16.0 / r.workers()), within(1.0));
      assertThat((double) r.innerStateBytes()).isCloseTo(big * (8 + 5.0 / P), within(1.0));
    }
    assertThat(rows.get(2).exchangeBytes()).isLessThan(rows.get(1).exchangeBytes()).isLessThan(rows.get(0).exchangeBytes());
  }

  @Test
  void transferSecondsAreBytesOverTheLinkAndComputeIsHStepTimes() {
    TrafficProjection.Row r = TrafficProjection.project(RUN, new int[] {8}, new long[] {355_000_000L}, 10, 0.3, 50).get(0);
    assertThat(r.transferSeconds()).isCloseTo(r.nodeBytes() * 8 / 10e9, within(1e-9));
    assertThat(r.computeSeconds()).isCloseTo(50 * 0.3, within(1e-12));
    assertThat(r.commFraction()).isCloseTo(r.transferSeconds() / (r.transferSeconds() + 15), within(1e-12));
  }

  @Test
  void rowsComeModelByModelThenWorkerCount() {
    List<TrafficProjection.Row> rows = TrafficProjection.project(RUN, new int[] {2, 64}, new long[] {124, 774}, 10, 0.3, 50);
    assertThat(rows).extracting(TrafficProjection.Row::params).containsExactly(124L, 124L, 774L, 774L);
    assertThat(rows).extracting(TrafficProjection.Row::workers).containsExactly(2, 64, 2, 64);
  }
}

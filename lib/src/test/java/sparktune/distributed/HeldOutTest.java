package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sparktune.train.Batch;

/** The pure parts of evaluating on the executors: which worker scores which batch, and how their sums combine. */
class HeldOutTest {
  @Test
  void batchIGoesToWorkerIModN() {
    assertThat(EvalBatches.assigned(7, 0, 3)).containsExactly(0, 3, 6);
    assertThat(EvalBatches.assigned(7, 1, 3)).containsExactly(1, 4);
    assertThat(EvalBatches.assigned(7, 2, 3)).containsExactly(2, 5);
    assertThat(EvalBatches.assigned(2, 2, 4)).isEmpty();
    List<Integer> all = new ArrayList<>();
    for (int w = 0; w < 5; w++) {
      all.addAll(EvalBatches.assigned(23, w, 5));
    }
    assertThat(all).hasSize(23).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 23);
  }

  @Test
  void workerSumsAddUpToTheMeanOverAllTokens() {
    EvalResult a = new EvalResult(0, new HeldOut.Nll(30.0, 10), 2, 1.0, true, "executor_h_1");
    EvalResult b = new EvalResult(1, new HeldOut.Nll(12.0, 20), 1, 1.0, false, "executor_h_2");
    EvalResult none = new EvalResult(2, HeldOut.Nll.ZERO, 0, 0.1, true, "executor_h_3");
    assertThat(EvalResult.total(List.of(a, b, none))).isEqualTo(new HeldOut.Nll(42.0, 30));
    assertThat(EvalResult.total(List.of(a, b, none)).mean()).isEqualTo(1.4); // not the mean of the workers' means (2.0)
    assertThat(EvalResult.total(List.of()).mean()).isNaN();
  }

  @Test
  void theBroadcastBatchesAreTheDriversBatches() throws Exception {
    Batch full = new Batch(new int[] {1, 2, 3, 4}, new long[] {2, 3, 4, 5}, new float[] {1, 1, 1, 0}, 2, 2);
    Batch partial = new Batch(new int[] {6, 7}, new long[] {7, 8}, new float[] {1, 1}, 1, 2);
    Batch third = new Batch(new int[] {9, 9}, new long[] {9, 0}, new float[] {1, 0}, 1, 2);
    EvalBatches shipped = RoundTaskSerializationTest.roundTrip(EvalBatches.of(List.of(full, partial, third)));
    List<Batch> share = shipped.share(0, 2);
    assertThat(share).hasSize(2);
    assertThat(share.get(0).ids()).containsExactly(full.ids());
    assertThat(share.get(0).targets()).containsExactly(full.targets());
    assertThat(share.get(0).mask()).containsExactly(full.mask());
    assertThat(share.get(0).tokens()).isEqualTo(3);
    assertThat(share.get(1).ids()).containsExactly(third.ids());
    assertThat(shipped.share(1, 2)).singleElement().satisfies(b -> assertThat(b.batch()).isEqualTo(1));
    assertThat(shipped.bytes()).isEqualTo(16L * 8);
  }
}

package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundRetryTest {
  private final List<String> log = new ArrayList<>();

  @Test
  void retriesAFailedAttemptAndReturnsTheNextResult() throws Exception {
    RoundRetry retry = new RoundRetry(2, 3, Duration.ofSeconds(1), Duration.ofMillis(10), () -> 2, log::add);
    AtomicInteger calls = new AtomicInteger();
    String result = retry.run(4, a -> {
      calls.incrementAndGet();
      if (a < 2) {
        throw new IllegalStateException("executor lost");
      }
      return "ok " + a;
    });
    assertThat(result).isEqualTo("ok 2");
    assertThat(calls).hasValue(3);
    assertThat(log).containsExactly("Round 4 attempt 1 of 4 failed: executor lost", "Round 4 attempt 2 of 4 failed: executor lost");
  }

  @Test
  void waitsForExecutorsToComeBackBeforeRetrying() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    RoundRetry retry = new RoundRetry(2, 1, Duration.ofSeconds(5), Duration.ofMillis(5), () -> polls.incrementAndGet() < 4 ? 1 : 2, log::add);
    int result = retry.run(0, a -> a);
    assertThat(result).isZero();
    assertThat(polls.get()).isGreaterThanOrEqualTo(4);
    assertThat(log.get(0)).isEqualTo("Round 0 attempt 1: 1 of 2 executors registered; waiting up to PT5S");
  }

  @Test
  void givesUpWithTheSettingNamedWhenExecutorsDoNotReturn() {
    RoundRetry retry = new RoundRetry(3, 2, Duration.ofMillis(50), Duration.ofMillis(5), () -> 2, log::add);
    assertThatThrownBy(() -> retry.run(1, a -> a))
        .isInstanceOf(RoundRetry.RoundFailedException.class)
        .hasMessage("Round 1: only 2 of 3 executors (train.workers) registered after waiting PT0.05S (train.round-timeout)");
  }

  @Test
  void givesUpAfterTheConfiguredRetries() {
    RoundRetry retry = new RoundRetry(1, 1, Duration.ofSeconds(1), Duration.ofMillis(5), () -> 1, log::add);
    assertThatThrownBy(() -> retry.run(2, a -> {
      throw new IllegalStateException("boom " + a);
    })).isInstanceOf(RoundRetry.RoundFailedException.class)
        .hasMessage("Round 2 failed 2 times (train.round-retries = 1); last error: boom 1");
  }
}

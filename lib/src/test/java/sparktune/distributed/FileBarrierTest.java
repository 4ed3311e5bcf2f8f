package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three tasks on their own threads meet at marker-file synchronisation points. */
class FileBarrierTest {
  @TempDir Path dir;

  @Test
  void noTaskPassesAPointBeforeAllReachItAndVotesAreShared() throws Exception {
    ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    List<Boolean>[] votes = new List[3];
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int worker = w;
      Thread t = new Thread(() -> {
        FileBarrier b = new FileBarrier(new Configuration(), dir.toString(), worker, 3);
        votes[worker] = new ArrayList<>();
        votes[worker].add(b.all(worker != 1));
        try {
          Thread.sleep(50L * worker); // worker 2 arrives last
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        events.add("arrive " + worker);
        b.await();
        events.add("pass " + worker);
        votes[worker].add(b.all(true));
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    List<String> order = new ArrayList<>(events);
    assertThat(order).hasSize(6);
    assertThat(order.subList(0, 3)).allMatch(e -> e.startsWith("arrive"));
    assertThat(order.subList(3, 6)).allMatch(e -> e.startsWith("pass"));
    for (List<Boolean> v : votes) {
      assertThat(v).containsExactly(false, true);
    }
  }
}

package sparktune.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * N round tasks in one JVM as if on N executors: each runs on its own thread, one at a time (DJL
 * allows one training task per JVM), and they meet at the barriers of {@link TaskBarrier}. A worker
 * can be made to fail at its k-th barrier, which fails the others at theirs, as a lost executor
 * fails a Spark barrier stage.
 */
final class Turnstile {
  /** A task body: worker index and its barrier. */
  @FunctionalInterface
  interface Body<T> {
    T run(int worker, TaskBarrier barrier) throws Exception;
  }

  private final int workers;
  private final Semaphore cpu = new Semaphore(1, true);
  private final CyclicBarrier barrier;
  private final boolean[] votes;
  private volatile boolean failed;
  private int failWorker = -1;
  private int failAt = -1;

  Turnstile(int workers) {
    this.workers = workers;
    this.barrier = new CyclicBarrier(workers);
    this.votes = new boolean[workers];
  }

  /** Worker {@code worker} fails when it reaches its {@code call}-th barrier (1-based). */
  Turnstile failing(int worker, int call) {
    failWorker = worker;
    failAt = call;
    return this;
  }

  /** Runs the N tasks; per worker its result or the Throwable it failed with. */
  <T> List<Object> run(Body<T> body) throws InterruptedException {
    Object[] out = new Object[workers];
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Thread t = new Thread(() -> {
        cpu.acquireUninterruptibly();
        try {
          out[worker] = body.run(worker, new View(worker));
        } catch (Throwable e) {
          out[worker] = e;
          failed = true;
          barrier.reset(); // wakes the tasks waiting at a barrier: they fail too
        } finally {
          cpu.release();
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return List.of(out);
  }

  private final class View implements TaskBarrier {
    private final int worker;
    private int calls;

    View(int worker) {
      this.worker = worker;
    }

    @Override
    public void await() {
      calls++;
      if (worker == failWorker && calls == failAt) {
        throw new IllegalStateException("worker " + worker + " lost at barrier " + calls);
      }
      if (failed) {
        throw new IllegalStateException("worker " + worker + ": another task failed");
      }
      cpu.release();
      try {
        barrier.await(2, TimeUnit.MINUTES);
      } catch (Exception e) {
        throw new IllegalStateException("worker " + worker + ": another task failed", e);
      } finally {
        cpu.acquireUninterruptibly();
      }
    }

    @Override
    public boolean all(boolean mine) {
      votes[worker] = mine;
      await();
      boolean all = true;
      for (boolean v : votes) {
        all &= v;
      }
      await();
      return all;
    }
  }
}

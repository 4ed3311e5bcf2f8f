package sparktune.distributed;

import java.util.Arrays;
import org.apache.spark.BarrierTaskContext;

/**
 * The synchronisation points of a round's N tasks: {@link #await()} returns once every task has
 * reached it (the files written before it are complete), and {@link #all(boolean)} tells every task
 * whether all tasks said true (a few bytes through the driver, never weights). In a Spark barrier
 * stage it is {@link BarrierTaskContext}; {@link #SPARK} is that.
 */
interface TaskBarrier {
  /** Waits until every task of the round has called it. */
  void await();

  /** Waits until every task has called it; true when every task passed true. */
  boolean all(boolean mine);

  /** The barrier of the running Spark barrier task. */
  TaskBarrier SPARK = new TaskBarrier() {
    @Override
    public void await() {
      BarrierTaskContext.get().barrier();
    }

    @Override
    public boolean all(boolean mine) {
      return Arrays.stream(BarrierTaskContext.get().allGather(Boolean.toString(mine))).allMatch("true"::equals);
    }
  };
}

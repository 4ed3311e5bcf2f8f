package sparktune.distributed;

/**
 * The synchronisation points of a round's N tasks: {@link #await()} returns once every task has
 * reached it (the files written before it are complete), and {@link #all(boolean)} tells every task
 * whether all tasks said true. In a round stage it is {@link FileBarrier}.
 */
interface TaskBarrier {
  /** Waits until every task of the round has called it. */
  void await();

  /** Waits until every task has called it; true when every task passed true. */
  boolean all(boolean mine);
}

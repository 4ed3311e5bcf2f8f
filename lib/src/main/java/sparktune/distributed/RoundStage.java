package sparktune.distributed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Runs one round attempt as a Spark barrier stage: N tasks, task i is worker i, all scheduled
 * together and failed together. Each task prefers the executor that ran its worker last round, so
 * the executor's cached model and optimizer are reused.
 */
public final class RoundStage {
  private RoundStage() {}

  /**
   * @param preferred per worker, the executor location ({@code executor_<host>_<id>}) it ran on
   *     last, or null
   * @return the workers' results, by worker index
   */
  public static List<WorkerResult> run(SparkContext sc, WorkerSetup setup, RoundSpec spec, int workers, List<String> preferred) {
    List<Tuple2<Integer, Seq<String>>> items = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String loc = preferred == null ? null : preferred.get(w);
      List<String> locs = loc == null ? List.of() : List.of(loc);
      items.add(new Tuple2<>(w, JavaConverters.asScalaBuffer(locs).toSeq()));
    }
    ClassTag<Integer> intTag = ClassTag$.MODULE$.apply(Integer.class);
    RDD<Integer> indices = sc.makeRDD(JavaConverters.asScalaBuffer(items).toSeq(), intTag);
    ClassTag<WorkerResult> resultTag = ClassTag$.MODULE$.apply(WorkerResult.class);
    RDD<WorkerResult> results = indices.barrier().mapPartitions(new Task(setup, spec), false, resultTag);
    List<WorkerResult> out = new ArrayList<>(results.toJavaRDD().collect());
    out.sort(Comparator.comparingInt(WorkerResult::worker));
    if (out.size() != workers) {
      throw new IllegalStateException("Round " + spec.round() + " returned " + out.size() + " worker results, expected " + workers);
    }
    return out;
  }

  /** The task body: its single input element is the worker index. */
  private static final class Task extends AbstractFunction1<Iterator<Integer>, Iterator<WorkerResult>> implements Serializable {
    private final WorkerSetup setup;
    private final RoundSpec spec;

    Task(WorkerSetup setup, RoundSpec spec) {
      this.setup = setup;
      this.spec = spec;
    }

    @Override
    public Iterator<WorkerResult> apply(Iterator<Integer> indices) {
      List<WorkerResult> out = new ArrayList<>();
      while (indices.hasNext()) {
        int worker = indices.next();
        try {
          out.add(RoundWorker.run(setup, spec, worker));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("Round " + spec.round() + " worker " + worker + ": " + e.getMessage(), e);
        }
      }
      return JavaConverters.asScalaIterator(out.iterator());
    }
  }
}

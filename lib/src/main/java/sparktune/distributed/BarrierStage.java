package sparktune.distributed;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
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
 * Runs N worker tasks as one Spark barrier stage: task w is worker w, all scheduled together and
 * failed together. Task w prefers the executor that last ran worker w, so the executor's cached
 * model ({@link WorkerCache}) is reused. Shared by the round ({@link RoundStage}) and the
 * held-out evaluation ({@link EvalStage}).
 */
final class BarrierStage {
  private BarrierStage() {}

  /** What task w runs on its executor; serializable (it travels in the task closure). */
  @FunctionalInterface
  interface Body<T> extends Serializable {
    T run(int worker) throws IOException;
  }

  /**
   * @param what names the stage in errors ("Round 3")
   * @param preferred per worker, the executor location ({@code executor_<host>_<id>}) it ran on
   *     last, or null; the list itself may be null
   * @return the tasks' results, by worker index
   */
  static <T> List<T> run(SparkContext sc, String what, int workers, List<String> preferred, Body<T> body) {
    List<Tuple2<Integer, Seq<String>>> items = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String loc = preferred == null ? null : preferred.get(w);
      List<String> locs = loc == null ? List.of() : List.of(loc);
      items.add(new Tuple2<>(w, JavaConverters.asScalaBuffer(locs).toSeq()));
    }
    ClassTag<Integer> intTag = ClassTag$.MODULE$.apply(Integer.class);
    RDD<Integer> indices = sc.makeRDD(JavaConverters.asScalaBuffer(items).toSeq(), intTag);
    ClassTag<Tuple2<Integer, T>> resultTag = ClassTag$.MODULE$.apply(Tuple2.class);
    RDD<Tuple2<Integer, T>> results = indices.barrier().mapPartitions(new Task<>(what, body), false, resultTag);
    List<Tuple2<Integer, T>> collected = new ArrayList<>(results.toJavaRDD().collect());
    collected.sort(Comparator.comparingInt(Tuple2::_1));
    if (collected.size() != workers) {
      throw new IllegalStateException(what + " returned " + collected.size() + " worker results, expected " + workers);
    }
    return collected.stream().map(Tuple2::_2).toList();
  }

  /** The task body: its single input element is the worker index; its output is (worker, result). */
  private static final class Task<T> extends AbstractFunction1<Iterator<Integer>, Iterator<Tuple2<Integer, T>>> implements Serializable {
    private final String what;
    private final Body<T> body;

    Task(String what, Body<T> body) {
      this.what = what;
      this.body = body;
    }

    @Override
    public Iterator<Tuple2<Integer, T>> apply(Iterator<Integer> indices) {
      List<Tuple2<Integer, T>> out = new ArrayList<>();
      while (indices.hasNext()) {
        int worker = indices.next();
        try {
          out.add(new Tuple2<>(worker, body.run(worker)));
        } catch (IOException e) {
          throw new UncheckedIOException(what + " worker " + worker + ": " + e.getMessage(), e);
        }
      }
      return JavaConverters.asScalaIterator(out.iterator());
    }
  }
}

package sparktune.distributed;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import sparktune.train.Batch;
import sparktune.train.BatchStream;
import sparktune.train.LanguageModel;
import sparktune.train.LmLoss;
import sparktune.train.TokenBlocks;

/**
 * Held-out loss of the global weights: mean next-token NLL, no dropout, no smoothing. Scored by
 * the executors ({@link EvalStage}, each a share of the batches) or, as a fallback, on the driver.
 */
public final class HeldOut {
  private HeldOut() {}

  /**
   * Summed NLL (nats) over target tokens; sums of disjoint batch sets add up.
   *
   * @param sum total negative log-likelihood of the targets, nats
   * @param tokens target tokens counted (mask 1)
   */
  public record Nll(double sum, long tokens) implements java.io.Serializable {
    public static final Nll ZERO = new Nll(0, 0);

    public Nll plus(Nll other) {
      return new Nll(sum + other.sum, tokens + other.tokens);
    }

    /** Mean loss per target token (NaN when there are none). */
    public double mean() {
      return tokens == 0 ? Double.NaN : sum / tokens;
    }
  }

  /** The first {@code max} batches of the test blocks in block order (the trainer's evaluation set). */
  public static List<Batch> batches(TokenBlocks test, int seqLen, int batchSize, long seed, int max) {
    List<Batch> out = new ArrayList<>();
    if (test == null || test.size() == 0 || max == 0) {
      return out;
    }
    BatchStream s = new BatchStream(test, Math.min(seqLen, test.blockSize()), batchSize, seed, false);
    int n = (int) Math.min(max, (s.sequences() + batchSize - 1) / batchSize);
    for (int i = 0; i < n; i++) {
      out.add(s.next());
    }
    return out;
  }

  /** Mean loss per target token over the batches (NaN when there are none). */
  public static double loss(LanguageModel model, List<Batch> batches) {
    return sum(model, batches).mean();
  }

  /** Summed NLL and target tokens over the batches (a forward pass each, no gradients). */
  public static Nll sum(LanguageModel model, List<Batch> batches) {
    ParameterStore store = new ParameterStore(model.manager(), false);
    double sum = 0;
    long tokens = 0;
    for (Batch b : batches) {
      try (NDManager scratch = model.manager().newSubManager()) {
        model.parameters().values().forEach(p -> p.getArray().tempAttach(scratch));
        Shape shape = new Shape(b.batch(), b.seqLen());
        var logits = model.block().forward(store, new NDList(scratch.create(b.ids(), shape)), false).singletonOrThrow();
        sum += LmLoss.sum(logits, scratch.create(b.targets(), shape), scratch.create(b.mask(), shape), 0).getFloat();
        tokens += b.tokens();
      }
    }
    return new Nll(sum, tokens);
  }
}

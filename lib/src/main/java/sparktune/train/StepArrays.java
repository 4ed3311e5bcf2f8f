package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Collection;

/** Array handling shared by the optimizers' update steps. */
final class StepArrays {
  private StepArrays() {}

  /**
   * Borrows arrays into the step's scratch manager: in-place ops with scalars allocate the scalar in
   * the array's own manager, which would otherwise grow by a few arrays every step.
   */
  static void borrow(NDManager scratch, Collection<NDArray> arrays) {
    for (NDArray a : arrays) {
      if (a.getManager() != scratch) {
        a.tempAttach(scratch);
      }
    }
  }

  /** The parameter's gradient, moved to the scratch manager, as float32 (fp16 models). */
  static NDArray gradient32(NDArray weight, NDManager scratch) {
    NDArray g = weight.getGradient();
    g.attach(scratch);
    return g.getDataType() == DataType.FLOAT32 ? g : g.toType(DataType.FLOAT32, false);
  }
}

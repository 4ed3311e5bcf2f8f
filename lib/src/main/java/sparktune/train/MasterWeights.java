package sparktune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fp32 master copies an optimizer keeps for fp16 parameters (mixed precision): updates run on
 * the master and are cast back into the model's parameter. Parameters that are float32 have no
 * master and are updated in place. Masters live in the optimizer's state manager and are saved as
 * {@code master.NAME} tensors of its state.
 */
final class MasterWeights {
  static final String PREFIX = "master.";

  private final Map<String, Parameter> params;
  private final NDManager state;
  private final Map<String, NDArray> master = new LinkedHashMap<>();

  /** Keeps a master for every parameter that is not float32 already (a model loaded in fp16). */
  MasterWeights(Map<String, Parameter> params, NDManager state) {
    this.params = params;
    this.state = state;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray w = e.getValue().getArray();
      if (w.getDataType() != DataType.FLOAT32) {
        keep(e.getKey(), w);
      }
    }
  }

  private void keep(String name, NDArray w) {
    NDArray copy = w.toType(DataType.FLOAT32, true);
    copy.attach(state);
    master.put(name, copy);
  }

  /**
   * Switches the model to fp16: keeps an fp32 master of every parameter not yet fp16 and casts the
   * parameter to fp16 in place.
   */
  void useHalfPrecision() {
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray w = e.getValue().getArray();
      if (w.getDataType() == DataType.FLOAT16) {
        continue;
      }
      keep(e.getKey(), w);
      w.intern(w.toType(DataType.FLOAT16, true));
      forgetCachedType(w);
      w.setRequiresGradient(true);
    }
  }

  /**
   * The parameter object must stay the same (models read {@code Parameter.getArray()}), so the cast
   * swaps the native tensor under it with {@code intern}; DJL's PtNDArray caches its data type and
   * would keep reporting float32, so the cache is cleared.
   */
  static void forgetCachedType(NDArray array) {
    try {
      java.lang.reflect.Field f = array.getClass().getDeclaredField("dataType");
      f.setAccessible(true);
      f.set(array, null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot switch " + array.getName() + " to fp16 in this DJL version", e);
    }
  }

  /** The float32 array an update of parameter {@code name} writes: its master, or {@code w} itself. */
  NDArray weights(String name, NDArray w) {
    return master.getOrDefault(name, w);
  }

  /** Casts the updated {@code weights} (from {@link #weights}) into the parameter {@code w} in place: the model holds w. */
  static void writeBack(NDArray weights, NDArray w) {
    if (weights != w) {
      w.set(new NDIndex("..."), weights.toType(w.getDataType(), false));
    }
  }

  /** Adds {@code master.NAME} to {@code out} when parameter {@code name} has a master. */
  void export(String name, Map<String, TensorFile.Tensor> out) {
    NDArray m = master.get(name);
    if (m != null) {
      out.put(PREFIX + name, TensorFile.Tensor.of(m));
    }
  }

  /** Restores parameter {@code name}'s master from {@code master.NAME} when it has one. */
  void load(String name, Map<String, TensorFile.Tensor> tensors) {
    NDArray m = master.get(name);
    if (m != null) {
      TensorFile.Tensor.loadInto(m, tensors, PREFIX + name);
    }
  }
}

package sparktune.distributed;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Picks the DJL device of a training task from Spark resource scheduling: the first GPU address
 * Spark assigned to the task ({@code spark.task.resource.gpu.amount}), when DJL's engine sees GPUs;
 * the CPU otherwise, so a discovery script's address on a CPU-only executor never makes DJL try CUDA.
 */
public final class GpuBinding {
  private GpuBinding() {}

  /** The device for the current task, and why. */
  public record Choice(Device device, String reason) {}

  /** The device for the running Spark task. */
  public static Choice forCurrentTask() {
    TaskContext ctx = TaskContext.get();
    ResourceInformation gpu = ctx == null ? null : ctx.resourcesJMap().get("gpu");
    String[] addresses = gpu == null ? new String[0] : gpu.addresses();
    int visible = addresses.length == 0 ? 0 : Engine.getInstance().getGpuCount();
    return choose(addresses, visible);
  }

  /**
   * @param addresses GPU addresses Spark assigned to the task (empty: none requested)
   * @param visibleGpus GPUs DJL's engine reports in this JVM
   */
  public static Choice choose(String[] addresses, int visibleGpus) {
    if (addresses.length == 0) {
      return new Choice(Device.cpu(), "no GPU assigned by Spark");
    }
    int index;
    try {
      index = Integer.parseInt(addresses[0].trim());
    } catch (NumberFormatException e) {
      return new Choice(Device.cpu(), "GPU address '" + addresses[0] + "' is not a device index; using CPU");
    }
    if (visibleGpus == 0) {
      return new Choice(Device.cpu(), "Spark assigned GPU " + index + " but DJL sees no GPU in this JVM; using CPU");
    }
    if (index >= visibleGpus) {
      return new Choice(Device.cpu(), "Spark assigned GPU " + index + " but DJL sees only " + visibleGpus + "; using CPU");
    }
    return new Choice(Device.gpu(index), "GPU " + index + " assigned by Spark");
  }
}

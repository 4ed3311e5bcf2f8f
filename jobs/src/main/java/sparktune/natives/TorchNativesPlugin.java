package sparktune.natives;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * {@code spark.plugins=sparktune.natives.TorchNativesPlugin}: every executor runs
 * {@link TorchNatives#selectForThisNode()} when it starts, so a GPU jar also runs on CPU-only executors.
 */
public final class TorchNativesPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        TorchNatives.selectForThisNode();
      }
    };
  }
}

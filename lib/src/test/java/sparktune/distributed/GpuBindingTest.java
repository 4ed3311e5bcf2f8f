package sparktune.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class GpuBindingTest {
  @Test
  void bindsTheAssignedGpuWhenDjlSeesIt() {
    GpuBinding.Choice c = GpuBinding.choose(new String[] {"1"}, 2);
    assertThat(c.device()).isEqualTo(Device.gpu(1));
  }

  @Test
  void fallsBackToCpuWhenDjlSeesNoGpu() {
    GpuBinding.Choice c = GpuBinding.choose(new String[] {"0"}, 0);
    assertThat(c.device()).isEqualTo(Device.cpu());
    assertThat(c.reason()).isEqualTo("Spark assigned GPU 0 but DJL sees no GPU in this JVM; using CPU");
  }

  @Test
  void usesCpuWithoutAGpuAssignment() {
    assertThat(GpuBinding.choose(new String[0], 4).device()).isEqualTo(Device.cpu());
  }

  @Test
  void rejectsANonNumericAddress() {
    assertThat(GpuBinding.choose(new String[] {"GPU-abc"}, 1).device()).isEqualTo(Device.cpu());
  }
}

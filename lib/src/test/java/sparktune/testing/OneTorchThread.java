package sparktune.testing;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(OneTorchThread.class)}: runs a test class with one PyTorch intra-op thread and
 * restores the previous count afterwards. Tiny models run faster that way and do not fight other
 * processes for the cores.
 */
public final class OneTorchThread implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OneTorchThread.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Engine.getInstance();
    context.getStore(NS).put("threads", JniUtils.getNumThreads());
    JniUtils.setNumThreads(1);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Integer threads = context.getStore(NS).get("threads", Integer.class);
    if (threads != null) {
      JniUtils.setNumThreads(threads);
    }
  }
}

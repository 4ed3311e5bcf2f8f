package sparktune.natives;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.file.Path;

/**
 * The level of libtorch's own C++ log lines (such as its "AutoNonVariableTypeMode is deprecated"
 * warning, which it writes straight to stderr). PyTorch's {@code TORCH_CPP_LOG_LEVEL} variable
 * ({@code INFO}, {@code WARNING}, {@code ERROR}, {@code FATAL}) sets it; here it defaults to
 * {@code ERROR}. libtorch reads the variable only when asked ({@code c10::initLogging}, which Python
 * calls and a JVM does not), so this class asks after DJL has loaded it.
 */
public final class TorchLogLevel {
  /** PyTorch's variable for the C++ log level. */
  public static final String ENV = "TORCH_CPP_LOG_LEVEL";

  /** The level used when {@value #ENV} is not set. */
  public static final String DEFAULT = "ERROR";

  private static final String INIT_LOGGING = "_ZN3c1011initLoggingEv"; // c10::initLogging()

  private static String applied;

  private TorchLogLevel() {}

  /**
   * Loads the PyTorch engine (once per JVM) and applies {@value #ENV}, or {@value #DEFAULT} when it
   * is unset. Returns the level, or null where the native calls are unavailable (another OS or
   * libtorch build): libtorch then logs at its own default level.
   */
  public static synchronized String apply() {
    if (applied != null) {
      return applied;
    }
    String level = System.getenv(ENV);
    try {
      if (level == null || level.isBlank()) {
        // Before any library reads the environment from another thread: setenv is not thread-safe.
        NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv").invokeInt(new Object[] {ENV, DEFAULT, 0});
        level = DEFAULT;
      }
      Engine.getEngine("PyTorch");
      Path c10 = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("c10"));
      NativeLibrary.getInstance(c10.toString()).getFunction(INIT_LOGGING).invokeVoid(new Object[0]);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
    applied = level;
    return level;
  }
}

package sparktune.spark;

import java.util.List;

/**
 * The JVM flags every sparktune JVM needs: Java 17 module opens for Spark (the list Spark's own
 * launcher uses) and DJL's offline mode, so no JVM ever contacts a model hub or a metadata address.
 */
public final class JvmFlags {
  public static final List<String> OPENS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true");

  public static final List<String> DJL_OFFLINE = List.of("-Dai.djl.offline=true");

  private JvmFlags() {}

  /** Opens and DJL flags as one space-separated string, for {@code spark.*.extraJavaOptions}. */
  public static String executorJavaOptions() {
    return String.join(" ", OPENS) + " " + String.join(" ", DJL_OFFLINE);
  }
}

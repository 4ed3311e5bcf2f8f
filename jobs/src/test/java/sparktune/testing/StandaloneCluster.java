package sparktune.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import sparktune.spark.LocalCluster;

/**
 * The cluster test fixture: a real Spark standalone cluster on 127.0.0.1 started from the test
 * classpath ({@link LocalCluster}): one master JVM and N worker JVMs, each launching its own
 * executor JVMs.
 */
public final class StandaloneCluster implements AutoCloseable {
  private final LocalCluster cluster;

  private StandaloneCluster(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts a master and {@code workers} 1-core workers of {@code workerMemoryMb}, and waits for them. */
  public static StandaloneCluster start(Path dir, int workers, int workerMemoryMb, List<String> workerJvmOptions) throws Exception {
    return new StandaloneCluster(LocalCluster.start(dir, workers, workerMemoryMb, workerJvmOptions));
  }

  /** Like {@link #start}, with every JVM on the jars of the Spark installation {@code sparkHome}. */
  public static StandaloneCluster startOn(Path sparkHome, Path dir, int workers, int workerMemoryMb, List<String> workerJvmOptions)
      throws Exception {
    return new StandaloneCluster(LocalCluster.startOn(sparkHome, dir, workers, workerMemoryMb, workerJvmOptions));
  }

  public String masterUrl() {
    return cluster.masterUrl();
  }

  public Path sparkHome() {
    return cluster.sparkHome();
  }

  public Map<String, String> driverEnv() {
    return cluster.driverEnv();
  }

  public Process addWorker(int memoryMb, List<String> jvmOptions) throws IOException {
    return cluster.addWorker(memoryMb, jvmOptions);
  }

  public List<Process> workers() {
    return cluster.workers();
  }

  public void killWorker(int index) throws InterruptedException {
    cluster.killWorker(index);
  }

  public Process launchJava(String name, List<String> mainAndArgs, List<String> jvmOptions, Map<String, String> env) throws IOException {
    return cluster.launchJava(name, mainAndArgs, jvmOptions, env);
  }

  public Path log(String name) {
    return cluster.log(name);
  }

  public void waitForAliveWorkers(int n, Duration timeout) throws Exception {
    cluster.waitForAliveWorkers(n, timeout);
  }

  public int aliveWorkers() {
    return cluster.aliveWorkers();
  }

  @Override
  public void close() {
    cluster.close();
  }
}

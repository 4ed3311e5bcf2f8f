package sparktune.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1 started from this JVM's classpath: one master JVM and
 * N worker JVMs (each worker launches its own executor JVMs). No Spark distribution is needed:
 * SPARK_HOME is a temp folder with an empty {@code jars/} and a log4j config; executors get this
 * JVM's classpath through {@code spark.executor.extraClassPath} (sparktune.spark.ship=classpath).
 * Used by cluster tests and by {@code sparktune bench distributed}; needs Spark on the classpath.
 * {@link #startOn} instead runs every JVM on the jars of a Spark installation.
 */
public final class LocalCluster implements AutoCloseable {
  private final Path dir;
  private final Path sparkHome;
  private final String classpath;
  private final int masterPort;
  private final int masterUiPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();

  private LocalCluster(Path dir, Path sparkHome, String classpath) throws IOException {
    this.dir = dir;
    this.sparkHome = sparkHome;
    Files.createDirectories(dir);
    Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("conf"));
    Files.writeString(sparkHome.resolve("conf/log4j2.properties"), String.join("\n",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.stderr.ref = stderr",
        "appender.stderr.type = Console",
        "appender.stderr.name = stderr",
        "appender.stderr.target = SYSTEM_ERR",
        "appender.stderr.layout.type = PatternLayout",
        "appender.stderr.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n", ""));
    this.classpath = classpath;
    this.masterPort = freePort();
    this.masterUiPort = freePort();
    this.master = launch("master", List.of("org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort)), List.of());
  }

  /**
   * Starts a master and {@code workers} workers with 1 core and {@code workerMemoryMb} each, and
   * waits until all workers are registered.
   *
   * @param workerJvmOptions extra JVM options for the worker JVMs (e.g. fake GPU resources)
   */
  public static LocalCluster start(Path dir, int workers, int workerMemoryMb, List<String> workerJvmOptions) throws Exception {
    return start(new LocalCluster(dir, dir.resolve("spark-home"), System.getProperty("java.class.path")), workers, workerMemoryMb, workerJvmOptions);
  }

  /**
   * Like {@link #start}, but the master, the workers and the executors they launch run on the jars
   * of the Spark installation {@code sparkHome} ({@code jars/*}, with {@code conf/} where this
   * cluster writes its log4j2 settings), as {@code sbin/start-master.sh} would.
   */
  public static LocalCluster startOn(Path sparkHome, Path dir, int workers, int workerMemoryMb, List<String> workerJvmOptions) throws Exception {
    String classpath = sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome.resolve("jars") + java.io.File.separator + "*";
    return start(new LocalCluster(dir, sparkHome, classpath), workers, workerMemoryMb, workerJvmOptions);
  }

  private static LocalCluster start(LocalCluster c, int workers, int workerMemoryMb, List<String> workerJvmOptions) throws Exception {
    try {
      c.waitForMaster(Duration.ofSeconds(60));
      for (int i = 0; i < workers; i++) {
        c.addWorker(workerMemoryMb, workerJvmOptions);
      }
      c.waitForAliveWorkers(workers, Duration.ofSeconds(90));
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  public Path sparkHome() {
    return sparkHome;
  }

  /** Environment a driver subprocess needs to talk to this cluster. */
  public Map<String, String> driverEnv() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
        "SPARK_LOCAL_IP", "127.0.0.1", "OPT_OUT_TRACKING", "true");
  }

  /** Starts one more worker (1 core). */
  public Process addWorker(int memoryMb, List<String> jvmOptions) throws IOException {
    return addWorker(1, memoryMb, jvmOptions);
  }

  /** Starts one more worker with {@code cores} cores. */
  public Process addWorker(int cores, int memoryMb, List<String> jvmOptions) throws IOException {
    int index = workers.size();
    Path workDir = dir.resolve("work-" + index);
    Files.createDirectories(workDir);
    Process p = launch("worker-" + index, List.of("org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", String.valueOf(cores), "--memory", memoryMb + "m",
        "--work-dir", workDir.toString(), masterUrl()), jvmOptions);
    workers.add(p);
    return p;
  }

  public List<Process> workers() {
    return workers;
  }

  /** Kills worker {@code index} and the executor JVMs it launched, as a crash would. */
  public void killWorker(int index) throws InterruptedException {
    Process p = workers.get(index);
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly().waitFor();
  }

  /** Starts a JVM on the cluster's classpath with Spark's opens and DJL offline; output goes to DIR/name.log. */
  public Process launchJava(String name, List<String> mainAndArgs, List<String> jvmOptions, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(JvmFlags.OPENS);
    cmd.addAll(JvmFlags.DJL_OFFLINE);
    cmd.add("-Dlog4j2.configurationFile=" + sparkHome.resolve("conf/log4j2.properties"));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().putAll(driverEnv());
    pb.environment().putAll(env);
    return pb.start();
  }

  private Process launch(String name, List<String> mainAndArgs, List<String> jvmOptions) throws IOException {
    return launchJava(name, mainAndArgs, jvmOptions, Map.of());
  }

  public Path log(String name) {
    return dir.resolve(name + ".log");
  }

  private void waitForMaster(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException("Spark master exited: " + Files.readString(log("master")));
      }
      if (masterJson() != null) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Spark master did not start in " + timeout + ": " + Files.readString(log("master")));
  }

  /** Waits until the master reports {@code n} alive workers. */
  public void waitForAliveWorkers(int n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (aliveWorkers() >= n) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Only " + aliveWorkers() + " of " + n + " Spark workers registered in " + timeout);
  }

  public int aliveWorkers() {
    String json = masterJson();
    if (json == null) {
      return 0;
    }
    Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private String masterJson() {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
      return resp.statusCode() == 200 ? resp.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    List<Process> all = new ArrayList<>(workers);
    all.add(master);
    for (Process p : all) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : all) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package sparktune.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible server (s3proxy, in-memory backend) in its own JVM on 127.0.0.1, with
 * the S3A settings that point Spark at it. The jar is copied to target/test-tools by Maven.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "sparktune-test-access";

  private final Process process;
  private final int port;
  private final String secret;
  private final Path log;

  private S3Server(Process process, int port, String secret, Path log) {
    this.process = process;
    this.port = port;
    this.secret = secret;
    this.log = log;
  }

  /** Starts the server with the given secret key (tests plant one to check it never leaks). */
  public static S3Server start(Path dir, String secret) throws Exception {
    Path jar = Path.of("target", "test-tools", "s3proxy.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Missing " + jar + ": run the tests through Maven (generate-test-resources copies it)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + secret,
        "jclouds.provider=transient",
        "jclouds.identity=" + ACCESS_KEY,
        "jclouds.credential=" + secret, ""));
    Path log = dir.resolve("s3proxy.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-jar", jar.toString(), "--properties", props.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3Server server = new S3Server(p, port, secret, log);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("s3proxy exited: " + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    server.close();
    throw new IllegalStateException("s3proxy did not start: " + Files.readString(log));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public void createBucket(String bucket) {
    AmazonS3 s3 = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, secret)))
        .build();
    s3.createBucket(bucket);
  }

  /** Hadoop S3A settings (without the {@code spark.hadoop.} prefix). */
  public Map<String, String> hadoopConf() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("fs.s3a.endpoint", endpoint());
    c.put("fs.s3a.path.style.access", "true");
    c.put("fs.s3a.connection.ssl.enabled", "false");
    c.put("fs.s3a.access.key", ACCESS_KEY);
    c.put("fs.s3a.secret.key", secret);
    c.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    c.put("fs.s3a.change.detection.version.required", "false");
    return c;
  }

  /** Points a running SparkSession's S3A file system at this server. */
  public void configure(org.apache.spark.sql.SparkSession spark) {
    hadoopConf().forEach((k, v) -> spark.sparkContext().hadoopConfiguration().set(k, v));
  }

  /** The same settings as {@code --set sparktune.spark.conf."spark.hadoop.KEY"=VALUE} arguments. */
  public List<String> sets() {
    return hadoopConf().entrySet().stream()
        .map(e -> "sparktune.spark.conf.\"spark.hadoop." + e.getKey() + "\"=\"" + e.getValue() + "\"")
        .toList();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package sparktune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;

/** The shipped deployment files parse and say what a cluster needs. */
class DeployFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<Path> manifests() throws Exception {
    try (Stream<Path> s = Files.list(ROOT.resolve("deploy/k8s"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void everyManifestIsASparkOperatorApplicationRunningTheCli() throws Exception {
    assertThat(manifests()).hasSizeGreaterThanOrEqualTo(3);
    for (Path p : manifests()) {
      JsonNode doc = YAML.readTree(p.toFile());
      assertThat(doc.path("apiVersion").asText()).as(p.toString()).isEqualTo("sparkoperator.k8s.io/v1beta2");
      JsonNode spec = doc.path("kind").asText().equals("ScheduledSparkApplication") ? doc.path("spec").path("template") : doc.path("spec");
      assertThat(spec.path("mainClass").asText()).as(p.toString()).isEqualTo("sparktune.cli.Cli");
      assertThat(spec.path("sparkConf").path("spark.executor.extraJavaOptions").asText()).as(p.toString()).contains("-Dai.djl.offline=true");
      assertThat(spec.path("sparkConf").path("spark.executorEnv.OPT_OUT_TRACKING").asText()).as(p.toString()).isEqualTo("true");
      String command = spec.path("arguments").get(0).asText();
      assertThat(List.of("prepare", "train", "evaluate")).as(p.toString()).contains(command);
    }
  }

  @Test
  void trainingAndEvaluationAskForOneGpuPerExecutorAndTask() throws Exception {
    for (String name : List.of("sparktune-train.yaml", "sparktune-evaluate.yaml")) {
      JsonNode spec = YAML.readTree(ROOT.resolve("deploy/k8s/" + name).toFile()).path("spec");
      assertThat(spec.path("executor").path("gpu").path("quantity").asInt()).as(name).isEqualTo(1);
      assertThat(spec.path("sparkConf").path("spark.task.resource.gpu.amount").asText()).as(name).isEqualTo("1");
      assertThat(spec.path("sparkConf").path("spark.executor.resource.gpu.discoveryScript").asText()).as(name).endsWith("gpu-discovery.sh");
    }
  }

  @Test
  void gpuManifestsPutTheGpuBuildsCudaNativeOnTheClasspath() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String gpuProfile = pom.substring(pom.indexOf("<id>gpu</id>"));
    String artifact = between(gpuProfile, "<pytorch.native.artifact>", "</pytorch.native.artifact>");
    String version = between(gpuProfile, "<pytorch.version>", "</pytorch.version>");
    String classifier = between(gpuProfile, "<pytorch.native.classifier>", "</pytorch.native.classifier>");
    String jar = "local:///opt/sparktune/natives/" + artifact + "-" + version + "-" + classifier + ".jar";
    for (String name : List.of("sparktune-train.yaml", "sparktune-evaluate.yaml")) {
      JsonNode jars = YAML.readTree(ROOT.resolve("deploy/k8s/" + name).toFile()).path("spec").path("deps").path("jars");
      assertThat(jars.isArray() ? jars.get(0).asText() : "").as(name).isEqualTo(jar);
    }
    assertThat(Files.readString(ROOT.resolve("deploy/Dockerfile"))).contains("COPY jobs/target/natives/ /opt/sparktune/natives/");
  }

  private static String between(String text, String open, String close) {
    int from = text.indexOf(open) + open.length();
    return text.substring(from, text.indexOf(close, from));
  }

  @Test
  void nightlyRefreshIsScheduledAndNeverOverlaps() throws Exception {
    JsonNode doc = YAML.readTree(ROOT.resolve("deploy/k8s/sparktune-nightly-prepare.yaml").toFile());
    assertThat(doc.path("kind").asText()).isEqualTo("ScheduledSparkApplication");
    assertThat(doc.path("spec").path("schedule").asText()).matches("\\S+ \\S+ \\S+ \\S+ \\S+");
    assertThat(doc.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
  }

  @Test
  void clusterExampleConfigIsValid() {
    SparktuneConfig c = ConfigLoader.load(ROOT.resolve("conf/cluster.conf"), List.of());
    assertThat(c.warehouse()).startsWith("s3a://");
    assertThat(c.train().workers()).isGreaterThan(1);
    assertThat(c.train().precision()).isEqualTo("fp16");
  }

  @Test
  void submitScriptSetsDjlOfflineForDriverAndExecutors() throws Exception {
    String script = Files.readString(ROOT.resolve("deploy/submit.sh"));
    assertThat(script).contains("-Dai.djl.offline=true").contains("spark.executorEnv.OPT_OUT_TRACKING=true")
        .contains("export OPT_OUT_TRACKING=true").contains("--class sparktune.cli.Cli");
    assertThat(Files.isExecutable(ROOT.resolve("deploy/submit.sh"))).isTrue();
  }
}

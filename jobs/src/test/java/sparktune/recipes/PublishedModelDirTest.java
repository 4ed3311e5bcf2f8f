package sparktune.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sparktune.cli.Cli;
import sparktune.config.ConfigLoader;
import sparktune.config.SparktuneConfig;
import sparktune.jobs.JobRunner;
import sparktune.jobs.JobSummary;
import sparktune.jobs.Stages;
import sparktune.spark.Warehouse;
import sparktune.testing.OneTorchThread;
import sparktune.testing.PublishedGpt2;
import sparktune.testing.SharedSpark;
import sparktune.tokenizer.Gpt2Vocabulary;
import sparktune.tokenizer.Tokenizers;

/**
 * The artist-lyrics recipe on a GPT-2 directory laid out as the hub publishes it (pretty-printed
 * tokenizer.json, vocab.json, merges.txt, F32 safetensors with hub tensor names), with
 * {@code tokenize.tokenizer} and {@code model.init} both naming it: prepare, train, evaluate and
 * generate run with no manual step. A run on the built-in gpt2 tokenizer writes checkpoints that
 * generate reads too.
 */
@ExtendWith(OneTorchThread.class)
class PublishedModelDirTest {
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  static final String[] WORDS = ("the river ran past old mill and miller's daughter watched water turn wheel she didn't know where went "
      + "but heard sailors say it reached sea songs were sung in tavern of long road home rain wind town").split(" ");

  @TempDir static Path tmp;
  static Path model;
  static Path artist;
  /** A warehouse after ingest, clean and split of the artist's songs, copied by each test. */
  static Path prepared;

  @BeforeAll
  static void setUp() throws Exception {
    model = PublishedGpt2.copyTo(tmp.resolve("models/gpt2"));
    artist = Files.createDirectories(tmp.resolve("data/lyrics/river-band"));
    Random r = new Random(3);
    List<String> songs = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      StringBuilder song = new StringBuilder();
      for (int line = 0; line < 6; line++) {
        for (int w = 0; w < 8; w++) {
          song.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        song.append('\n');
      }
      songs.add(song.toString());
    }
    Files.writeString(artist.resolve("datasets.json"), new ObjectMapper().writeValueAsString(Map.of("train", songs)));
    prepared = tmp.resolve("warehouse-prepared");
    for (String stage : List.of("ingest", "clean", "split")) {
      run(stage, recipe(prepared));
    }
  }

  /** A new warehouse holding a copy of the prepared one, tokenized with the config's tokenizer. */
  static Path tokenized(String name, SparktuneConfig cfg) throws Exception {
    Path wh = tmp.resolve(name);
    try (var walk = Files.walk(prepared)) {
      for (Path p : walk.toList()) {
        Path to = wh.resolve(prepared.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    run("tokenize", cfg);
    return wh;
  }

  static SparktuneConfig recipe(Path warehouse, String... sets) {
    Config c = ConfigFactory.parseFile(Path.of("..", "conf", "examples", "artist-lyrics.conf").toFile());
    Config source = c.getConfigList("sparktune.sources").get(0).withValue("path", ConfigValueFactory.fromAnyRef(artist.toString()));
    c = c.withValue("sparktune.sources", ConfigValueFactory.fromIterable(List.of(source.root().unwrapped())));
    List<String> all = new ArrayList<>(List.of("sparktune.warehouse=" + warehouse, "tokenize.block-size=32", "train.batch-size=2",
        "train.grad-accum=1", "train.max-steps=3", "train.log-every=1", "train.lr=1e-3", "eval.prompts=2", "eval.prompt-tokens=8",
        "eval.max-new-tokens=6", "train.eval-batches=1"));
    all.addAll(List.of(sets));
    return ConfigLoader.load(c, all);
  }

  static JobSummary run(String stage, SparktuneConfig config) throws Exception {
    return JobRunner.run(stage, Stages.find(stage).orElseThrow(), SharedSpark.get(), config, QUIET);
  }

  static int generate(Path checkpoint, ByteArrayOutputStream out, ByteArrayOutputStream err) {
    return new Cli().run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "generate", "--model", checkpoint.toString(), "--prompt", "The river", "--max-new-tokens", "5");
  }

  @Test
  void publishedDirectoryIsBothTokenizerAndInitFromPrepareToGenerate() throws Exception {
    Path wh = tmp.resolve("warehouse-published");
    SparktuneConfig cfg = recipe(wh, "tokenize.tokenizer=" + model, "model.init=" + model);
    tokenized("warehouse-published", cfg);
    JobSummary train = run("train", cfg);
    JobSummary evaluate = run("evaluate", cfg);

    assertThat(train.get("steps")).isEqualTo(3L);
    Path checkpoint = Path.of(String.valueOf(train.get("checkpoint")));
    for (String name : List.of("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json")) {
      assertThat(checkpoint.resolve(name)).as(name).hasSameBinaryContentAs(model.resolve(name));
    }
    String runDir = Warehouse.of(wh.toString()).run("artist-lyrics");
    @SuppressWarnings("unchecked")
    Map<String, Object> beforeAfter = (Map<String, Object>) evaluate.get("before_after");
    assertThat(beforeAfter).containsEntry("before", model + "@base").containsEntry("after", runDir + "@step-3");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(generate(checkpoint, out, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("The river");
  }

  @Test
  void checkpointsOfABuiltInGpt2RunCarryTheTokenizerThatGenerateReads() throws Exception {
    SparktuneConfig cfg = recipe(tmp.resolve("warehouse-gpt2"), "tokenize.tokenizer=gpt2", "model.init=scratch", "model.n-layer=1",
        "model.n-head=2", "model.n-embd=16", "model.n-positions=32");
    tokenized("warehouse-gpt2", cfg);
    JobSummary train = run("train", cfg);

    Path checkpoint = Path.of(String.valueOf(train.get("checkpoint")));
    assertThat(Tokenizers.load(checkpoint).sha256()).isEqualTo(Gpt2Vocabulary.tokenizer().sha256());
    assertThat(checkpoint.resolve("vocab.json")).isNotEmptyFile();
    assertThat(checkpoint.resolve("merges.txt")).content(StandardCharsets.UTF_8).startsWith("#version: 0.2\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(generate(checkpoint, out, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("The river");
  }
}

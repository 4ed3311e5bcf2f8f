package sparktune.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import sparktune.generate.DecodingConfig;
import sparktune.generate.Generation;
import sparktune.generate.Generator;
import sparktune.generate.Gpt2Lm;
import sparktune.model.HfModelDir;
import sparktune.spark.HadoopFiles;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.Tokenizers;

/**
 * {@code sparktune generate --model DIR --prompt TEXT [decoding options]}: prints the prompt and
 * its continuation on stdout, and one JSON line of statistics on stderr.
 */
final class GenerateCommand implements Command {
  private static final Set<String> DECODING = Set.of("strategy", "temperature", "top-k", "top-p", "num-beams", "repetition-penalty",
      "no-repeat-ngram-size", "length-penalty", "seed");

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "generate text from a model directory (--model DIR --prompt TEXT)";
  }

  @Override
  public Set<String> valueOptions() {
    Set<String> s = new java.util.HashSet<>(DECODING);
    s.addAll(Set.of("model", "prompt", "max-new-tokens"));
    return s;
  }

  @Override
  public Set<String> flagOptions() {
    return Set.of("no-cache");
  }

  @Override
  public String help() {
    return """
          --model DIR                 Hugging Face GPT-2 directory (config.json, model.safetensors, tokenizer.json)
          --prompt TEXT               text to continue ("" starts from <|endoftext|>)
          --max-new-tokens N          tokens to generate (default 64; capped by the model's context)
          --strategy S                greedy (default), sample or beam
          --temperature T             sampling temperature (default 1.0)
          --top-k K                   sample among the K most likely tokens (default 0: off)
          --top-p P                   nucleus sampling threshold (default 1.0: off)
          --num-beams B               beams (beam: default 4; sample: default 1, B >= 2 is beam-sample)
          --length-penalty L          beam score = log p / length^L (default 1.0)
          --repetition-penalty R      penalize tokens already in the text (default 1.0: off)
          --no-repeat-ngram-size N    never repeat an n-gram of this size (default 0: off)
          --seed S                    sampling seed (default 0); the same seed gives the same text
          --no-cache                  recompute the whole sequence each step (slower; same tokens)
        """;
  }

  @Override
  public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
    String dir = args.option("model", null);
    String prompt = args.option("prompt", null);
    if (dir == null || prompt == null) {
      throw new UsageError("generate needs --model DIR and --prompt TEXT");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (String k : DECODING) {
      if (args.options().containsKey(k)) {
        options.put(k, args.option(k, null));
      }
    }
    DecodingConfig decoding;
    int maxNew;
    try {
      decoding = DecodingConfig.fromMap(options, "generate");
      maxNew = Integer.parseInt(args.option("max-new-tokens", "64"));
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (maxNew < 1) {
      throw new UsageError("Invalid --max-new-tokens: " + maxNew + " (must be >= 1)");
    }
    Configuration conf = new Configuration();
    if (HfModelDir.tokenizerFiles(dir, conf).isEmpty()) {
      throw new UsageError("No tokenizer in " + dir + " (expected tokenizer.json, or vocab.json + merges.txt)");
    }
    BpeTokenizer tokenizer = Tokenizers.load(new HadoopFiles(conf), dir);
    NDManager manager = NDManager.newBaseManager();
    try (Gpt2Lm lm = new Gpt2Lm(HfModelDir.load(dir, conf, manager), manager)) {
      int[] ids = tokenizer.encode(prompt);
      if (ids.length == 0) {
        ids = new int[] {lm.eosId()};
      }
      long start = System.nanoTime();
      Generation g = Generator.generate(lm, ids, decoding, maxNew, lm.eosId(), !args.flag("no-cache"));
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println(prompt + tokenizer.decode(g.tokens()));
      Map<String, Object> stats = new LinkedHashMap<>();
      stats.put("prompt_tokens", ids.length);
      stats.put("new_tokens", g.tokens().length);
      stats.put("stopped_at_eos", g.stoppedAtEos());
      stats.put("cache", !args.flag("no-cache"));
      stats.put("seconds", Math.round(seconds * 1000) / 1000.0);
      stats.put("tokens_per_s", Math.round(g.tokens().length / Math.max(seconds, 1e-9) * 10) / 10.0);
      stats.put("decoding", new ObjectMapper().readTree(decoding.toJson()));
      err.println(new ObjectMapper().writeValueAsString(stats));
    }
    return 0;
  }
}

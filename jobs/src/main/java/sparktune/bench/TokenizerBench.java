package sparktune.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import sparktune.config.SparktuneConfig;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.BpeTrainer;
import sparktune.tokenizer.Gpt2Vocabulary;
import sparktune.tokenizer.MultilingualText;
import sparktune.tokenizer.PreTokenCounts;

/**
 * {@code bench tokenizer [--size 20MB]}: single-thread encoding throughput on the same generated
 * en/ru/es text for our GPT-2 tokenizer, JTokkit r50k_base, Hugging Face tokenizers via DJL (on at
 * most 4 MB: it is an order of magnitude slower), and ours with a BPE vocabulary of 8000 trained on
 * the first 2 MB. MB = 10^6 bytes; each is warmed up on other text first.
 */
public final class TokenizerBench implements Benchmark {
  private static final long HF_MAX_BYTES = 4_000_000;

  @Override
  public Map<String, Object> run(SparktuneConfig config, BenchArgs args, PrintStream err) throws Exception {
    long size = ConfigFactory.parseString("size = " + args.option("size", "20MB")).getBytes("size");
    List<String> docs = documents(new MultilingualText(2024), size);
    List<String> warmup = documents(new MultilingualText(7), Math.min(size, 2_000_000));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("size_bytes", bytes(docs));
    out.put("documents", docs.size());

    BpeTokenizer gpt2 = Gpt2Vocabulary.tokenizer();
    Encoding r50k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    err.println("bench tokenizer: sparktune gpt2");
    out.put("sparktune_gpt2", measure(docs, warmup, d -> gpt2.encode(d).length));
    err.println("bench tokenizer: jtokkit r50k_base");
    out.put("jtokkit_r50k", measure(docs, warmup, d -> r50k.encodeOrdinary(d).size()));

    Path dir = Files.createTempDirectory("sparktune-bench");
    try {
      Path json = dir.resolve("tokenizer.json");
      Files.writeString(json, gpt2.toJson());
      List<String> hfDocs = prefix(docs, HF_MAX_BYTES);
      err.println("bench tokenizer: huggingface (djl) on " + bytes(hfDocs) + " bytes");
      try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(json)
          .optAddSpecialTokens(false).optTruncation(false).build()) {
        out.put("huggingface_djl", measure(hfDocs, prefix(warmup, 200_000), d -> hf.encode(d).getIds().length));
      }
    } finally {
      Files.deleteIfExists(dir.resolve("tokenizer.json"));
      Files.deleteIfExists(dir);
    }

    Map<String, Long> counts = new HashMap<>();
    prefix(docs, 2_000_000).forEach(d -> PreTokenCounts.countInto(d, counts));
    long t0 = System.nanoTime();
    BpeTokenizer trained = BpeTrainer.train(counts, 8000);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    err.println("bench tokenizer: sparktune trained 8000");
    Map<String, Object> t = measure(docs, warmup, d -> trained.encode(d).length);
    t.put("vocab_size", trained.vocabSize());
    t.put("train_seconds_2mb", round(trainSeconds));
    out.put("sparktune_trained_8000", t);
    boolean same = true;
    for (String d : prefix(docs, 1_000_000)) {
      same &= java.util.Arrays.equals(gpt2.encodeOrdinary(d), r50k.encodeOrdinary(d).toArray());
    }
    out.put("ids_equal_jtokkit_first_mb", same);
    return out;
  }

  static List<String> documents(MultilingualText gen, long bytes) {
    List<String> docs = new ArrayList<>();
    long n = 0;
    int i = 0;
    while (n < bytes) {
      String d = gen.document(20 + (i++ * 37) % 400);
      docs.add(d);
      n += d.getBytes(StandardCharsets.UTF_8).length;
    }
    return docs;
  }

  static List<String> prefix(List<String> docs, long bytes) {
    List<String> out = new ArrayList<>();
    long n = 0;
    for (String d : docs) {
      if (n >= bytes) {
        break;
      }
      out.add(d);
      n += d.getBytes(StandardCharsets.UTF_8).length;
    }
    return out;
  }

  static long bytes(List<String> docs) {
    long n = 0;
    for (String d : docs) {
      n += d.getBytes(StandardCharsets.UTF_8).length;
    }
    return n;
  }

  static Map<String, Object> measure(List<String> docs, List<String> warmup, ToIntFunction<String> encode) {
    for (String d : warmup) {
      encode.applyAsInt(d);
    }
    long tokens = 0;
    long t0 = System.nanoTime();
    for (String d : docs) {
      tokens += encode.applyAsInt(d);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mb_per_s", round(bytes(docs) / 1e6 / seconds));
    m.put("tokens_per_s", Math.round(tokens / seconds));
    m.put("tokens", tokens);
    m.put("bytes", bytes(docs));
    m.put("seconds", round(seconds));
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

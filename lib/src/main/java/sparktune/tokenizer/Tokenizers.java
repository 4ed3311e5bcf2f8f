package sparktune.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import sparktune.spark.HadoopFiles;

/**
 * Loads byte-level BPE tokenizers: {@code gpt2} (built in), a {@code tokenizer.json}, a
 * {@code vocab.json} + {@code merges.txt} pair, or a model directory holding either.
 */
public final class Tokenizers {
  public static final String TOKENIZER_JSON = "tokenizer.json";
  public static final String VOCAB_JSON = "vocab.json";
  public static final String MERGES_TXT = "merges.txt";

  private Tokenizers() {}

  /** A local tokenizer.json file or model directory. */
  public static BpeTokenizer load(Path location) {
    try {
      if (Files.isDirectory(location)) {
        Path json = location.resolve(TOKENIZER_JSON);
        if (Files.isRegularFile(json)) {
          return TokenizerJson.read(Files.readString(json), json.toString());
        }
        Path vocab = location.resolve(VOCAB_JSON);
        Path merges = location.resolve(MERGES_TXT);
        if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
          return fromVocabAndMerges(Files.readString(vocab), Files.readString(merges), location.toString());
        }
        throw missing(location.toString());
      }
      return TokenizerJson.read(Files.readString(location), location.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read tokenizer at " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code gpt2}, or a tokenizer.json / model directory on any Hadoop file system (local, HDFS,
   * s3a://).
   */
  public static BpeTokenizer load(HadoopFiles files, String location) {
    if (location.equals("gpt2")) {
      return Gpt2Vocabulary.tokenizer();
    }
    if (!files.exists(location)) {
      throw new IllegalArgumentException("Tokenizer not found: " + location + " (expected gpt2, a tokenizer.json or a model directory)");
    }
    if (!isDirectory(files, location)) {
      return TokenizerJson.read(files.readString(location), location);
    }
    String base = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    if (files.exists(base + "/" + TOKENIZER_JSON)) {
      return TokenizerJson.read(files.readString(base + "/" + TOKENIZER_JSON), base + "/" + TOKENIZER_JSON);
    }
    if (files.exists(base + "/" + VOCAB_JSON) && files.exists(base + "/" + MERGES_TXT)) {
      return fromVocabAndMerges(files.readString(base + "/" + VOCAB_JSON), files.readString(base + "/" + MERGES_TXT), base);
    }
    throw missing(location);
  }

  private static boolean isDirectory(HadoopFiles files, String location) {
    try {
      return files.fs(location).getFileStatus(new org.apache.hadoop.fs.Path(location)).isDirectory();
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read tokenizer at " + location + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException missing(String dir) {
    return new IllegalArgumentException("No tokenizer in " + dir + ": expected " + TOKENIZER_JSON + " or " + VOCAB_JSON + " + " + MERGES_TXT);
  }

  /**
   * GPT-2's original files: vocab.json (spelling -> id) and merges.txt ({@code #version} header,
   * then one "left right" per line, in rank order). {@code <|endoftext|>} in the vocabulary
   * becomes a special added token, as Hugging Face's GPT2Tokenizer does.
   */
  public static BpeTokenizer fromVocabAndMerges(String vocabJson, String mergesTxt, String where) {
    Map<String, Integer> vocab = new HashMap<>();
    try {
      JsonNode root = new ObjectMapper().readTree(vocabJson);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        vocab.put(e.getKey(), e.getValue().asInt());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot parse " + where + "/" + VOCAB_JSON + ": " + e.getMessage(), e);
    }
    List<String[]> merges = new ArrayList<>();
    for (String line : mergesTxt.split("\r?\n")) {
      if (line.isEmpty() || (merges.isEmpty() && line.startsWith("#version"))) {
        continue;
      }
      merges.add(TokenizerJson.splitMerge(line, where + "/" + MERGES_TXT, merges.size()));
    }
    List<AddedToken> added = new ArrayList<>();
    Integer eos = vocab.get(Gpt2Vocabulary.EOS);
    if (eos != null) {
      added.add(new AddedToken(eos, Gpt2Vocabulary.EOS, true));
    }
    return new BpeTokenizer(vocab, merges, added, false);
  }

  /** Writes GPT-2-style vocab.json and merges.txt contents: {vocab.json, merges.txt}. */
  public static String[] toVocabAndMerges(BpeTokenizer tok) {
    try {
      String vocab = new ObjectMapper().writeValueAsString(new java.util.TreeMap<>(tok.vocab()));
      StringBuilder merges = new StringBuilder("#version: 0.2\n");
      for (String line : tok.mergeLines()) {
        merges.append(line).append('\n');
      }
      return new String[] {vocab, merges.toString()};
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

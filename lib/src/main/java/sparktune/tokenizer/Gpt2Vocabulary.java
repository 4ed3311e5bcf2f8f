package sparktune.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2's tokenizer, rebuilt from the r50k_base ranks shipped in JTokkit's jar, so the
 * default tokenizer needs no download (r50k ranks are GPT-2's ids). The merge of a token of rank r >= 256 is
 * the pair that rank-BPE over its bytes ends with when only ranks below r are allowed. Derived
 * once per JVM.
 */
public final class Gpt2Vocabulary {
  static final String RESOURCE = "/com/knuddels/jtokkit/r50k_base.tiktoken";
  /** GPT-2's end-of-text id. */
  public static final int EOS_ID = 50256;
  public static final String EOS = "<|endoftext|>";

  private Gpt2Vocabulary() {}

  private static final class Holder {
    static final BpeTokenizer TOKENIZER = derive(readRanks());
  }

  /** The GPT-2 tokenizer (vocab 50257, {@code <|endoftext|>} = 50256). */
  public static BpeTokenizer tokenizer() {
    return Holder.TOKENIZER;
  }

  /** Byte-level spelling -> rank, from the r50k_base resource. */
  static Map<String, Integer> readRanks() {
    Map<String, Integer> ranks = new HashMap<>(70_000);
    try (InputStream in = Gpt2Vocabulary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("r50k_base not on the classpath (" + RESOURCE + "): is com.knuddels:jtokkit missing?");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        int sp = line.indexOf(' ');
        ranks.put(ByteLevel.encode(Base64.getDecoder().decode(line.substring(0, sp))), Integer.parseInt(line.substring(sp + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    return ranks;
  }

  /** Builds vocab, merges (recovered from ranks) and {@code <|endoftext|>}. */
  static BpeTokenizer derive(Map<String, Integer> ranks) {
    String[] byRank = new String[ranks.size()];
    for (Map.Entry<String, Integer> e : ranks.entrySet()) {
      byRank[e.getValue()] = e.getKey();
    }
    List<String[]> merges = new ArrayList<>(byRank.length - 256);
    for (int r = 256; r < byRank.length; r++) {
      List<String> parts = rankBpe(byRank[r], ranks, r);
      if (parts.size() != 2) {
        throw new IllegalStateException("Token of rank " + r + " does not reduce to one merge: " + parts);
      }
      merges.add(new String[] {parts.get(0), parts.get(1)});
    }
    Map<String, Integer> vocab = new HashMap<>(ranks);
    vocab.put(EOS, EOS_ID);
    return new BpeTokenizer(vocab, merges, List.of(new AddedToken(EOS_ID, EOS, true)), false);
  }

  /** tiktoken-style BPE over single characters (bytes), merging the adjacent pair of lowest rank below {@code limit}. */
  static List<String> rankBpe(String token, Map<String, Integer> ranks, int limit) {
    List<String> parts = new ArrayList<>(token.length());
    for (int i = 0; i < token.length(); i++) {
      parts.add(token.substring(i, i + 1));
    }
    while (parts.size() > 1) {
      int best = Integer.MAX_VALUE;
      int at = -1;
      for (int i = 0; i + 1 < parts.size(); i++) {
        Integer r = ranks.get(parts.get(i) + parts.get(i + 1));
        if (r != null && r < limit && r < best) {
          best = r;
          at = i;
        }
      }
      if (at < 0) {
        break;
      }
      parts.set(at, parts.get(at) + parts.remove(at + 1));
    }
    return parts;
  }
}

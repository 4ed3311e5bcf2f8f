package sparktune.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE tokenizer (GPT-2 family) that gives the same ids as Hugging Face tokenizers for
 * the same vocabulary, merges and added tokens. Immutable and thread-safe: each thread keeps its
 * own cache of pre-token -> ids.
 */
public final class BpeTokenizer {
  private static final int CACHE_LIMIT = 1 << 17;
  /** Longer pieces are not cached (rare, and they would fill the cache). */
  private static final int CACHE_PIECE_LIMIT = 256;

  private final Map<String, Integer> vocab;
  private final List<String[]> merges;
  private final List<AddedToken> addedTokens;
  private final boolean addPrefixSpace;
  private final byte[][] tokenBytes;
  private final MergeTable table;
  private final int vocabSize;
  private final ThreadLocal<HashMap<String, int[]>> cache = ThreadLocal.withInitial(HashMap::new);
  private volatile String sha256;

  /**
   * @param vocab byte-level token spelling -> id (the 256 single-byte tokens must be present)
   * @param merges merge pairs in rank order, each two byte-level spellings
   * @param addedTokens tokens matched verbatim in text (e.g. {@code <|endoftext|>})
   * @param addPrefixSpace prepend a space to text that does not start with one (ByteLevel option)
   */
  public BpeTokenizer(Map<String, Integer> vocab, List<String[]> merges, List<AddedToken> addedTokens, boolean addPrefixSpace) {
    this.vocab = Map.copyOf(vocab);
    this.merges = List.copyOf(merges);
    this.addedTokens = List.copyOf(addedTokens);
    this.addPrefixSpace = addPrefixSpace;
    int max = -1;
    for (int id : vocab.values()) {
      max = Math.max(max, id);
    }
    for (AddedToken t : addedTokens) {
      max = Math.max(max, t.id());
    }
    vocabSize = max + 1;
    tokenBytes = new byte[vocabSize][];
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      tokenBytes[e.getValue()] = isAdded(e.getKey()) ? e.getKey().getBytes(StandardCharsets.UTF_8) : ByteLevel.decode(e.getKey());
    }
    for (AddedToken t : addedTokens) {
      tokenBytes[t.id()] = t.content().getBytes(StandardCharsets.UTF_8);
    }
    table = new MergeTable(vocab, merges);
  }

  private boolean isAdded(String s) {
    for (AddedToken t : addedTokens) {
      if (t.content().equals(s)) {
        return true;
      }
    }
    return false;
  }

  static long pair(int left, int right) {
    return MergeTable.pair(left, right);
  }

  /** Number of ids: max id + 1, added tokens included. */
  public int vocabSize() {
    return vocabSize;
  }

  public Map<String, Integer> vocab() {
    return vocab;
  }

  public List<AddedToken> addedTokens() {
    return addedTokens;
  }

  public boolean addPrefixSpace() {
    return addPrefixSpace;
  }

  /** The id of {@code <|endoftext|>}, else of the first special added token, else -1. */
  public int eosId() {
    for (AddedToken t : addedTokens) {
      if (t.content().equals("<|endoftext|>")) {
        return t.id();
      }
    }
    return addedTokens.stream().filter(AddedToken::special).mapToInt(AddedToken::id).findFirst().orElse(-1);
  }

  /** Encodes text; added tokens written in the text (e.g. {@code <|endoftext|>}) become their ids, as in Hugging Face. */
  public int[] encode(String text) {
    IntList out = new IntList(text.length() / 3 + 4);
    int from = 0;
    while (from <= text.length()) {
      int at = -1;
      AddedToken hit = null;
      for (AddedToken t : addedTokens) {
        int i = text.indexOf(t.content(), from);
        if (i >= 0 && (at < 0 || i < at || (i == at && t.content().length() > hit.content().length()))) {
          at = i;
          hit = t;
        }
      }
      int to = at < 0 ? text.length() : at;
      encodeSegment(text, from, to, out);
      if (hit == null) {
        break;
      }
      out.add(hit.id());
      from = at + hit.content().length();
    }
    return out.toArray();
  }

  /** Encodes text treating added-token text as ordinary text. */
  public int[] encodeOrdinary(String text) {
    IntList out = new IntList(text.length() / 3 + 4);
    encodeSegment(text, 0, text.length(), out);
    return out.toArray();
  }

  private void encodeSegment(String text, int from, int to, IntList out) {
    if (from >= to) {
      return;
    }
    if (addPrefixSpace && text.charAt(from) != ' ') {
      text = " " + text.substring(from, to);
      from = 0;
      to = text.length();
    }
    HashMap<String, int[]> memo = cache.get();
    int p = from;
    while (p < to) {
      int q = PreTokenizer.next(text, p, to);
      String piece = text.substring(p, q);
      int[] ids = memo.get(piece);
      if (ids == null) {
        ids = bpe(piece);
        if (piece.length() <= CACHE_PIECE_LIMIT) {
          if (memo.size() >= CACHE_LIMIT) {
            memo.clear();
          }
          memo.put(piece, ids);
        }
      }
      out.addAll(ids);
      p = q;
    }
  }

  /** BPE of one pre-token. */
  int[] bpe(String piece) {
    return table.bpe(piece.getBytes(StandardCharsets.UTF_8));
  }

  MergeTable mergeTable() {
    return table;
  }

  /** The text of these ids (added tokens as their content); invalid UTF-8 becomes U+FFFD. */
  public String decode(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
    for (int id : ids) {
      if (id < 0 || id >= vocabSize || tokenBytes[id] == null) {
        throw new IllegalArgumentException("Token id " + id + " is not in this vocabulary (size " + vocabSize + ")");
      }
      out.writeBytes(tokenBytes[id]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** This tokenizer in the Hugging Face tokenizer.json format (canonical: same content, same bytes). */
  public String toJson() {
    return TokenizerJson.write(this);
  }

  /** Hex sha256 of {@link #toJson()}: identifies the tokenizer whatever file it was loaded from. */
  public String sha256() {
    String s = sha256;
    if (s == null) {
      try {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
        s = HexFormat.of().formatHex(d);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      sha256 = s;
    }
    return s;
  }

  /** Merges as {@code "left right"} lines, as in merges.txt. */
  List<String> mergeLines() {
    List<String> out = new ArrayList<>(merges.size());
    for (String[] m : merges) {
      out.add(m[0] + " " + m[1]);
    }
    return out;
  }
}

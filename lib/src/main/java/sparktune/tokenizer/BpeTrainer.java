package sparktune.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Trains a byte-level BPE from pre-token counts: starting from the 256 byte tokens, repeatedly
 * merges the most frequent adjacent pair (ties: smaller left id, then smaller right id) until the
 * vocabulary (with {@code <|endoftext|>} last) has the requested size. Pair counts are kept up to
 * date incrementally: a merge re-counts only the pre-tokens that contain the pair, and a
 * lazy-deletion priority queue gives the next best pair.
 */
public final class BpeTrainer {
  private BpeTrainer() {}

  /** Trains on {@code counts} (pre-token text -> occurrences); vocabulary size includes 256 bytes and EOS. */
  public static BpeTokenizer train(Map<String, Long> counts, int vocabSize) {
    Words words = Words.of(counts);
    List<int[]> merges = new ArrayList<>();
    Map<String, Integer> vocab = baseVocab();
    List<String> spelling = new ArrayList<>(vocab.size());
    for (int i = 0; i < 256; i++) {
      spelling.add(ByteLevel.encode(new byte[] {(byte) ByteLevel.byteAt(i)}));
    }
    Map<Long, Long> pairCounts = new HashMap<>();
    Map<Long, List<Integer>> where = new HashMap<>();
    for (int w = 0; w < words.size(); w++) {
      addPairs(words.symbols[w], words.counts[w], pairCounts, w, where, -1);
    }
    PriorityQueue<long[]> heap = new PriorityQueue<>(BpeTrainer::better);
    pairCounts.forEach((k, c) -> heap.add(new long[] {c, k}));
    int[] stamp = new int[words.size()];
    java.util.Arrays.fill(stamp, -1);
    while (vocab.size() < vocabSize - 1 && !heap.isEmpty()) {
      long[] top = heap.poll();
      long current = pairCounts.getOrDefault(top[1], 0L);
      if (current != top[0] || current <= 0) {
        continue;
      }
      long key = top[1];
      int left = (int) (key >>> 32);
      int right = (int) key;
      String text = spelling.get(left) + spelling.get(right);
      Integer id = vocab.get(text);
      if (id == null) {
        id = vocab.size();
        vocab.put(text, id);
        spelling.add(text);
      }
      merges.add(new int[] {left, right});
      Map<Long, Long> delta = new HashMap<>();
      List<Integer> containing = where.remove(key);
      for (int w : containing == null ? List.<Integer>of() : containing) {
        if (stamp[w] == merges.size()) {
          continue;
        }
        stamp[w] = merges.size();
        int[] before = words.symbols[w];
        int[] after = merge(before, left, right, id);
        if (after.length == before.length) {
          continue;
        }
        addPairs(before, -words.counts[w], delta, w, null, -1);
        addPairs(after, words.counts[w], delta, w, where, id);
        words.symbols[w] = after;
      }
      for (Map.Entry<Long, Long> d : delta.entrySet()) {
        if (d.getValue() != 0) {
          long c = pairCounts.merge(d.getKey(), d.getValue(), Long::sum);
          if (c > 0) {
            heap.add(new long[] {c, d.getKey()});
          } else {
            pairCounts.remove(d.getKey());
          }
        }
      }
    }
    return build(vocab, spelling, merges);
  }

  /** Higher count first, then smaller pair key (left id, then right id). */
  static int better(long[] a, long[] b) {
    int c = Long.compare(b[0], a[0]);
    return c != 0 ? c : Long.compare(a[1], b[1]);
  }

  /**
   * Adds {@code weight} for each adjacent pair to {@code into}; indexes the word under pairs that
   * contain {@code onlyWith} (any pair when -1) when {@code where} is given.
   */
  static void addPairs(int[] s, long weight, Map<Long, Long> into, int word, Map<Long, List<Integer>> where, int onlyWith) {
    for (int i = 0; i + 1 < s.length; i++) {
      long key = BpeTokenizer.pair(s[i], s[i + 1]);
      into.merge(key, weight, Long::sum);
      if (where != null && (onlyWith < 0 || s[i] == onlyWith || s[i + 1] == onlyWith)) {
        List<Integer> list = where.computeIfAbsent(key, k -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != word) {
          list.add(word);
        }
      }
    }
  }

  /** Replaces each non-overlapping (left, right), scanning left to right, by {@code id}. */
  static int[] merge(int[] s, int left, int right, int id) {
    int[] out = new int[s.length];
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
        out[n++] = id;
        i++;
      } else {
        out[n++] = s[i];
      }
    }
    return n == s.length ? s : java.util.Arrays.copyOf(out, n);
  }

  static Map<String, Integer> baseVocab() {
    Map<String, Integer> vocab = new HashMap<>();
    for (int i = 0; i < 256; i++) {
      vocab.put(ByteLevel.encode(new byte[] {(byte) ByteLevel.byteAt(i)}), i);
    }
    return vocab;
  }

  static BpeTokenizer build(Map<String, Integer> vocab, List<String> spelling, List<int[]> merges) {
    List<String[]> mergeText = new ArrayList<>(merges.size());
    for (int[] m : merges) {
      mergeText.add(new String[] {spelling.get(m[0]), spelling.get(m[1])});
    }
    Map<String, Integer> full = new HashMap<>(vocab);
    int eos = vocab.size();
    full.put(Gpt2Vocabulary.EOS, eos);
    return new BpeTokenizer(full, mergeText, List.of(new AddedToken(eos, Gpt2Vocabulary.EOS, true)), false);
  }

  /** Distinct pre-tokens as base-id sequences, in sorted order (deterministic ids and ties). */
  static final class Words {
    int[][] symbols;
    long[] counts;

    int size() {
      return counts.length;
    }

    static Words of(Map<String, Long> counts) {
      int[] idOfByte = new int[256];
      for (int i = 0; i < 256; i++) {
        idOfByte[ByteLevel.byteAt(i)] = i;
      }
      TreeMap<String, Long> sorted = new TreeMap<>(counts);
      Words w = new Words();
      w.symbols = new int[sorted.size()][];
      w.counts = new long[sorted.size()];
      int k = 0;
      for (Map.Entry<String, Long> e : sorted.entrySet()) {
        byte[] b = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] s = new int[b.length];
        for (int i = 0; i < b.length; i++) {
          s[i] = idOfByte[b[i] & 0xFF];
        }
        w.symbols[k] = s;
        w.counts[k++] = e.getValue();
      }
      return w;
    }
  }
}

package sparktune.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The merge rules of a byte-level BPE as primitive tables: byte -> base id, (left, right) pair ->
 * rank (a {@link LongIntMap} keyed by the pair packed in a long), rank -> merged id.
 */
final class MergeTable {
  private static final int NO_RANK = Integer.MAX_VALUE;
  /** Pieces up to this many bytes use the quadratic scan, longer ones the heap. */
  private static final int SCAN_LIMIT = 48;

  private final int[] byteToId = new int[256];
  private final LongIntMap pairRank;
  private final int[] mergeResult;

  MergeTable(Map<String, Integer> vocab, List<String[]> merges) {
    for (int b = 0; b < 256; b++) {
      Integer id = vocab.get(ByteLevel.encode(new byte[] {(byte) b}));
      if (id == null) {
        throw new IllegalArgumentException("Not a byte-level vocabulary: no token for byte 0x" + Integer.toHexString(b));
      }
      byteToId[b] = id;
    }
    pairRank = new LongIntMap(merges.size());
    mergeResult = new int[merges.size()];
    for (int r = 0; r < merges.size(); r++) {
      String[] m = merges.get(r);
      Integer left = vocab.get(m[0]);
      Integer right = vocab.get(m[1]);
      Integer result = vocab.get(m[0] + m[1]);
      if (left == null || right == null || result == null) {
        throw new IllegalArgumentException("Merge " + r + " '" + m[0] + " " + m[1] + "' uses a token missing from the vocabulary");
      }
      long key = pair(left, right);
      if (pairRank.get(key) < 0) {
        pairRank.put(key, r);
      }
      mergeResult[r] = result;
    }
  }

  static long pair(int left, int right) {
    return (long) left << 32 | (right & 0xFFFFFFFFL);
  }

  /** The base ids of these bytes. */
  int[] byteIds(byte[] bytes) {
    int[] sym = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      sym[i] = byteToId[bytes[i] & 0xFF];
    }
    return sym;
  }

  /** BPE of one pre-token's bytes: repeatedly merge the lowest-ranked adjacent pair (leftmost on ties). */
  int[] bpe(byte[] bytes) {
    int n = bytes.length;
    int[] sym = byteIds(bytes);
    if (n == 1) {
      return sym;
    }
    return n <= SCAN_LIMIT ? scan(sym) : heap(sym);
  }

  /** Quadratic but allocation-light: best for the short pieces that make up almost all text. */
  int[] scan(int[] sym) {
    int n = sym.length;
    int[] rank = new int[n];
    for (int i = 0; i + 1 < n; i++) {
      rank[i] = rankOf(sym[i], sym[i + 1]);
    }
    rank[n - 1] = NO_RANK;
    while (n > 1) {
      int best = NO_RANK;
      int at = -1;
      for (int i = 0; i + 1 < n; i++) {
        if (rank[i] < best) {
          best = rank[i];
          at = i;
        }
      }
      if (at < 0) {
        break;
      }
      sym[at] = mergeResult[best];
      System.arraycopy(sym, at + 2, sym, at + 1, n - at - 2);
      System.arraycopy(rank, at + 2, rank, at + 1, n - at - 2);
      n--;
      rank[n - 1] = NO_RANK;
      if (at + 1 < n) {
        rank[at] = rankOf(sym[at], sym[at + 1]);
      } else {
        rank[at] = NO_RANK;
      }
      if (at > 0) {
        rank[at - 1] = rankOf(sym[at - 1], sym[at]);
      }
    }
    return n == sym.length ? sym : java.util.Arrays.copyOf(sym, n);
  }

  /**
   * O(n log n) for long pieces (long runs of one class): a linked list of symbols and a heap of
   * (rank, position) entries; stale entries are skipped when popped. Same result as the scan.
   */
  int[] heap(int[] sym) {
    int n = sym.length;
    int[] next = new int[n];
    int[] prev = new int[n];
    PriorityQueue<Long> heap = new PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
      if (i + 1 < n) {
        offer(heap, rankOf(sym[i], sym[i + 1]), i);
      }
    }
    boolean[] dead = new boolean[n];
    while (!heap.isEmpty()) {
      long e = heap.poll();
      int rank = (int) (e >>> 32);
      int i = (int) e;
      int j = dead[i] ? -1 : next[i];
      if (j < 0 || rankOf(sym[i], sym[j]) != rank) {
        continue;
      }
      sym[i] = mergeResult[rank];
      dead[j] = true;
      next[i] = next[j];
      if (next[i] >= 0) {
        prev[next[i]] = i;
        offer(heap, rankOf(sym[i], sym[next[i]]), i);
      }
      if (prev[i] >= 0) {
        offer(heap, rankOf(sym[prev[i]], sym[i]), prev[i]);
      }
    }
    IntList out = new IntList(n);
    for (int i = 0; i >= 0; i = next[i]) {
      out.add(sym[i]);
    }
    return out.toArray();
  }

  private static void offer(PriorityQueue<Long> heap, int rank, int position) {
    if (rank != NO_RANK) {
      heap.add((long) rank << 32 | position);
    }
  }

  private int rankOf(int left, int right) {
    int r = pairRank.get(pair(left, right));
    return r < 0 ? NO_RANK : r;
  }
}

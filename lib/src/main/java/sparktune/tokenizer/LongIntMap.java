package sparktune.tokenizer;

import java.util.Arrays;

/** An open-addressing hash map from long keys to int values (no boxing); absent keys give -1. */
final class LongIntMap {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys;
  private int[] values;
  private int mask;
  private int size;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(keys, EMPTY);
    mask = cap - 1;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  int get(long key) {
    int i = slot(key, mask);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  void put(long key, int value) {
    if (key == EMPTY) {
      throw new IllegalArgumentException("reserved key");
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = slot(key, mask);
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == EMPTY) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}

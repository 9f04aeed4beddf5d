package io.privacity.spark.internal;

import java.util.Arrays;

/** An open-addressing map from long to a non-negative int, without boxing. Not thread-safe. */
final class LongIntMap {
  private long[] keys = new long[64];
  private int[] values = new int[64]; // value + 1; 0 = empty
  private int size;

  /** The value of a key, or -1 if absent. */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int v = values[i];
      if (v == 0) {
        return -1;
      }
      if (keys[i] == key) {
        return v - 1;
      }
    }
  }

  /** Puts a key that is absent. */
  void putNew(long key, int value) {
    if (2 * (size + 1) > keys.length) {
      long[] oldKeys = keys;
      int[] oldValues = values;
      keys = new long[2 * oldKeys.length];
      values = new int[2 * oldKeys.length];
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldValues[j] != 0) {
          insert(oldKeys[j], oldValues[j]);
        }
      }
    }
    insert(key, value + 1);
    size++;
  }

  private void insert(long key, int storedValue) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (values[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = storedValue;
  }

  void clear() {
    if (keys.length > 1 << 16) {
      keys = new long[64];
      values = new int[64];
    } else {
      Arrays.fill(values, 0);
    }
    size = 0;
  }

  /** A well-mixed hash (the MurmurHash3 finalizer). */
  static int mix(long key) {
    long h = key;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) (h ^ (h >>> 33));
  }
}

package io.privacity.anonymize.algorithm;

/** Open-addressing map from long keys to dense int ids 0, 1, 2, … in order of first insertion. */
final class LongIntMap {
  /** The largest key space densified by direct addressing (a 16 MiB table per thread). */
  static final int DIRECT_MAX = 1 << 22;

  /** A zeroed table per thread, grown on demand, reused across calls. */
  private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[0]);

  private static int[] scratch(int size) {
    int[] t = SCRATCH.get();
    if (t.length < size) {
      t = new int[Math.max(size, Math.min(DIRECT_MAX, t.length * 2))];
      SCRATCH.set(t);
    }
    return t;
  }

  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    used = new boolean[cap];
    mask = cap - 1;
  }

  /** The id of a key, assigning the next id if the key is new. */
  int idOf(long key) {
    int slot = hash(key) & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    keys[slot] = key;
    values[slot] = size;
    size++;
    if (size * 2 > keys.length) {
      grow();
    }
    return size - 1;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    values = new int[keys.length];
    used = new boolean[keys.length];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        int slot = hash(oldKeys[i]) & mask;
        while (used[slot]) {
          slot = (slot + 1) & mask;
        }
        used[slot] = true;
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /**
   * Writes each key's dense id (0, 1, 2, … in order of first appearance) to {@code out}; returns
   * the number of distinct keys. Keys lie in [0, keySpace); a small key space is mapped through a
   * direct-address array instead of hashing (several times faster).
   */
  static int densify(long[] keys, int[] out, long keySpace) {
    if (keySpace <= DIRECT_MAX) {
      int[] idOfKey = scratch((int) keySpace);
      int size = 0;
      for (int i = 0; i < keys.length; i++) {
        int k = (int) keys[i];
        int id = idOfKey[k];
        if (id == 0) {
          id = ++size;
          idOfKey[k] = id;
        }
        out[i] = id - 1;
      }
      // Leave the table zeroed for the next call.
      for (long k : keys) {
        idOfKey[(int) k] = 0;
      }
      return size;
    }
    LongIntMap map = new LongIntMap(Math.min(keys.length, 1 << 16));
    for (int i = 0; i < keys.length; i++) {
      out[i] = map.idOf(keys[i]);
    }
    return map.size();
  }
}

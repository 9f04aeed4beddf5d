package io.privacity.dp.aggregate;

import io.privacity.core.random.Randomness;
import java.util.Objects;

/**
 * The records one privacy unit has contributed so far: its distinct partitions and, per partition,
 * the number of records seen and a uniform reservoir of at most L∞ clamped values (Vitter's
 * Algorithm R). Memory: O(distinct partitions × min(records, L∞)) per unit. Package-private; not
 * thread-safe.
 */
final class UnitState {
  private static final int LINEAR_SEARCH_LIMIT = 8;

  int size;
  Object[] keys = new Object[2];
  long[] seen = new long[2];
  double[][] reservoirs;
  // Open-addressing index (slot + 1, 0 = empty), built once a unit has many partitions.
  private int[] table;

  UnitState(boolean values) {
    if (values) {
      reservoirs = new double[2][];
    }
  }

  void add(Object key, double clamped, int linf, Randomness randomness) {
    int slot = slot(key);
    long n = ++seen[slot];
    if (reservoirs == null) {
      return;
    }
    double[] r = reservoirs[slot];
    if (n <= linf) {
      if (r == null) {
        r = new double[Math.min(linf, 4)];
        reservoirs[slot] = r;
      } else if (n > r.length) {
        r = java.util.Arrays.copyOf(r, (int) Math.min(linf, 2L * r.length));
        reservoirs[slot] = r;
      }
      r[(int) n - 1] = clamped;
    } else {
      // Algorithm R: the n-th record replaces a uniformly chosen slot with probability L∞/n, so
      // every L∞-subset of the n records is equally likely to be kept.
      long j = randomness.nextLong(n);
      if (j < linf) {
        r[(int) j] = clamped;
      }
    }
  }

  private int slot(Object key) {
    if (table != null) {
      int mask = table.length - 1;
      for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
        int s = table[i];
        if (s == 0) {
          break;
        }
        if (keys[s - 1].equals(key)) {
          return s - 1;
        }
      }
    } else {
      for (int i = 0; i < size; i++) {
        if (Objects.equals(keys[i], key)) {
          return i;
        }
      }
    }
    if (size == keys.length) {
      int cap = size * 2;
      keys = java.util.Arrays.copyOf(keys, cap);
      seen = java.util.Arrays.copyOf(seen, cap);
      if (reservoirs != null) {
        reservoirs = java.util.Arrays.copyOf(reservoirs, cap);
      }
    }
    keys[size] = key;
    size++;
    if (table != null && 2 * size > table.length) {
      table = null;
    }
    if (table == null && size > LINEAR_SEARCH_LIMIT) {
      rebuildIndex();
    } else if (table != null) {
      insert(size - 1);
    }
    return size - 1;
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x9E3779B9;
  }

  private void rebuildIndex() {
    table = new int[Integer.highestOneBit(4 * size)];
    for (int i = 0; i < size; i++) {
      insert(i);
    }
  }

  private void insert(int slot) {
    int mask = table.length - 1;
    int i = spread(keys[slot].hashCode()) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot + 1;
  }

  /**
   * The slots kept under the L0 bound: all if there are at most l0, otherwise a uniformly random
   * l0-subset (partial Fisher–Yates shuffle).
   */
  int[] keptSlots(int l0, Randomness randomness) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    if (size <= l0) {
      return order;
    }
    for (int i = 0; i < l0; i++) {
      int j = i + randomness.nextInt(size - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return java.util.Arrays.copyOf(order, l0);
  }
}

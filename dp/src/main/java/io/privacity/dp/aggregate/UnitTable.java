package io.privacity.dp.aggregate;

import java.util.Arrays;

/**
 * Open units' numeric ids mapped to their index in the accumulator's creation-ordered unit array
 * (an {@code Integer} or a {@code Long} unit id, each type in its own table so that {@code 5} and
 * {@code 5L} stay distinct units, as in a {@code HashMap}). Small non-negative ids, when they are
 * dense enough (fewer than {@link #DENSITY} times the number of units plus a slack), are looked up
 * directly in an array indexed by the id: readings arriving in meter-number order then touch it
 * sequentially, with no hashing. Other ids go to an open-addressing table with linear probing over
 * one long array of (key, index + 1) pairs: no boxing, no entry objects. Every id below the direct
 * array's length lives in the direct array (ids move there when it grows). Package-private; not
 * thread-safe.
 */
final class UnitTable {
  private static final int INITIAL_CAPACITY = 16;

  /** Direct lookup for ids below 2^22 (an array of at most 16 MiB)... */
  static final int DIRECT_MAX = 1 << 22;

  /** ...while the array stays below this many entries per unit (plus a slack of 1,024). */
  static final int DENSITY = 16;

  private int[] direct = new int[0];
  // Pairs: slots[2i] = key, slots[2i + 1] = index + 1 (0 = empty).
  private long[] slots = new long[2 * INITIAL_CAPACITY];
  private int hashed;
  private int size;

  /**
   * The index of a unit, or {@code newIndex} (inserted) if it is absent.
   *
   * @param key the unit id
   * @param newIndex the index to give it if absent
   * @return its index
   */
  int indexOf(long key, int newIndex) {
    int[] d = direct;
    if (key >= 0 && key < d.length) {
      int v = d[(int) key];
      if (v != 0) {
        return v - 1;
      }
      d[(int) key] = newIndex + 1;
      size++;
      return newIndex;
    }
    return indexOfSlow(key, newIndex);
  }

  private int indexOfSlow(long key, int newIndex) {
    if (key >= 0 && key < DIRECT_MAX && key < (long) DENSITY * (size + 1) + 1024) {
      growDirect(key);
      int v = direct[(int) key];
      if (v != 0) { // hashed before, moved by the growth
        return v - 1;
      }
      direct[(int) key] = newIndex + 1;
      size++;
      return newIndex;
    }
    long[] s = slots;
    int mask = (s.length >>> 1) - 1;
    for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
      long v = s[2 * i + 1];
      if (v == 0) {
        s[2 * i] = key;
        s[2 * i + 1] = newIndex + 1L;
        hashed++;
        size++;
        if (2 * hashed > mask + 1) {
          rehash(2 * (mask + 1));
        }
        return newIndex;
      }
      if (s[2 * i] == key) {
        return (int) v - 1;
      }
    }
  }

  /** Extends the direct array past {@code key} and moves the hashed ids it now covers. */
  private void growDirect(long key) {
    int n = (int) Math.min(DIRECT_MAX, Math.max(1024, Long.highestOneBit(key) * 2));
    direct = Arrays.copyOf(direct, n);
    if (hashed > 0) {
      rehash(slots.length >>> 1);
    }
  }

  /** Rebuilds the hashed part with the given capacity, moving ids below the direct length. */
  private void rehash(int capacity) {
    long[] old = slots;
    slots = new long[2 * capacity];
    hashed = 0;
    int mask = capacity - 1;
    for (int j = 0; j < old.length; j += 2) {
      long v = old[j + 1];
      if (v == 0) {
        continue;
      }
      long key = old[j];
      if (key >= 0 && key < direct.length) {
        direct[(int) key] = (int) v;
        continue;
      }
      int i = hash(key) & mask;
      while (slots[2 * i + 1] != 0) {
        i = (i + 1) & mask;
      }
      slots[2 * i] = key;
      slots[2 * i + 1] = v;
      hashed++;
    }
  }

  /** A well-mixed 32-bit hash of a key (the finalizer of MurmurHash3, upper half). */
  static int hash(long key) {
    long h = key;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) ((h ^ (h >>> 33)) >>> 32);
  }

  int size() {
    return size;
  }

  /** Forgets every unit (releasing the memory). */
  void clear() {
    direct = new int[0];
    slots = new long[2 * INITIAL_CAPACITY];
    hashed = 0;
    size = 0;
  }
}

package io.privacity.dp.aggregate;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open units keyed by a primitive long (an {@code Integer} or a {@code Long} unit id, each type in
 * its own table so that {@code 5} and {@code 5L} stay distinct units, as in a {@code HashMap}):
 * open addressing with linear probing, no boxing and no entry objects. Keys live in a flat array
 * beside the states, so a probe compares keys without touching a state object (one cache miss per
 * unit, not one per probed slot). Package-private; not thread-safe.
 */
final class UnitTable {
  private static final int INITIAL_CAPACITY = 16;
  private static final int KEPT_CAPACITY = 1 << 16;
  private static final int INITIAL_SHIFT = 32 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);

  private int shift = INITIAL_SHIFT;
  private long[] keys = new long[INITIAL_CAPACITY];
  private UnitState[] states = new UnitState[INITIAL_CAPACITY];
  private int size;
  private int rotation;
  // Closed states kept for reuse by a table that is drained and refilled (see drain).
  private UnitState[] pool = new UnitState[0];
  private int pooled;
  private final UnitState.Shape shape;

  UnitTable(UnitState.Shape shape) {
    this.shape = shape;
  }

  /**
   * The state of a unit, created if absent. A key's home slot is the top bits of {@link #hash} (see
   * {@link #homeSlotRotation}), so keys whose hashes share their top bits live in one contiguous
   * slice of the table.
   */
  UnitState get(long key) {
    long[] k = keys;
    UnitState[] t = states;
    int mask = t.length - 1;
    for (int i = Integer.rotateLeft(hash(key), rotation) >>> shift; ; i = (i + 1) & mask) {
      UnitState s = t[i];
      if (s == null) {
        return create(key, i);
      }
      if (k[i] == key) {
        return s;
      }
    }
  }

  private UnitState create(long key, int i) {
    UnitState s;
    if (pooled > 0) {
      s = pool[--pooled];
      pool[pooled] = null;
      s.reuse(shape);
    } else {
      s = new UnitState(shape);
    }
    if (2 * (size + 1) > states.length) {
      grow();
      i = freeSlot(key);
    }
    keys[i] = key;
    states[i] = s;
    size++;
    return s;
  }

  private void grow() {
    long[] oldKeys = keys;
    UnitState[] oldStates = states;
    keys = new long[oldKeys.length * 2];
    states = new UnitState[oldStates.length * 2];
    shift--;
    for (int j = 0; j < oldStates.length; j++) {
      if (oldStates[j] != null) {
        int i = freeSlot(oldKeys[j]);
        keys[i] = oldKeys[j];
        states[i] = oldStates[j];
      }
    }
  }

  /** The first empty slot probing from the key's home slot (the key must be absent). */
  private int freeSlot(long key) {
    int mask = states.length - 1;
    int i = Integer.rotateLeft(hash(key), rotation) >>> shift;
    while (states[i] != null) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** A well-mixed 32-bit hash of a key (the finalizer of MurmurHash3, upper half). */
  static int hash(long key) {
    long h = key;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) ((h ^ (h >>> 33)) >>> 32);
  }

  /**
   * Sets which hash bits pick a key's home slot (the table must be empty): by default the top bits,
   * so that keys whose hashes share their top bits share a slice of the table; rotated left by
   * {@code bits} for a table that only ever holds keys whose top {@code bits} bits are equal (one
   * bucket of units), which would otherwise all have the same home slot.
   */
  void homeSlotRotation(int bits) {
    if (size != 0) {
      throw new IllegalStateException("the table must be empty");
    }
    rotation = bits;
  }

  int size() {
    return size;
  }

  /**
   * Passes every open unit to the action, then empties the table: keeping its arrays (cleared) and
   * the closed states (for reuse) if {@code keepCapacity} and they are small, for a table refilled
   * at once; else releasing them.
   */
  void drain(Consumer<UnitState> action, boolean keepCapacity) {
    if (size == 0 && (keepCapacity || states.length == INITIAL_CAPACITY)) {
      return;
    }
    UnitState[] t = states;
    boolean keep = keepCapacity && t.length <= KEPT_CAPACITY;
    if (keep && pool.length < pooled + size) {
      pool = Arrays.copyOf(pool, pooled + size);
    }
    for (UnitState s : t) {
      if (s != null) {
        action.accept(s);
        if (keep) {
          pool[pooled++] = s;
        }
      }
    }
    size = 0;
    if (keep) {
      Arrays.fill(t, null);
      return;
    }
    pool = new UnitState[0];
    pooled = 0;
    keys = new long[INITIAL_CAPACITY];
    states = new UnitState[INITIAL_CAPACITY];
    shift = INITIAL_SHIFT;
  }
}

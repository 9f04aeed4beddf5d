package io.privacity.dp.aggregate;

import java.util.function.Consumer;

/**
 * Open units keyed by a primitive long (an {@code Integer} or a {@code Long} unit id, each type in
 * its own table so that {@code 5} and {@code 5L} stay distinct units, as in a {@code HashMap}):
 * open addressing with linear probing over the states themselves (each holds its key), no boxing
 * and no entry objects. Package-private; not thread-safe.
 */
final class UnitTable {
  private static final int INITIAL_CAPACITY = 16;
  private static final int INITIAL_SHIFT = 32 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);

  private int shift = INITIAL_SHIFT;
  private UnitState[] states = new UnitState[INITIAL_CAPACITY];
  private int size;
  private final Plan plan;
  private final Arena arena;

  UnitTable(Plan plan, Arena arena) {
    this.plan = plan;
    this.arena = arena;
  }

  /**
   * The state of a unit, created if absent. A key's home slot is the top bits of {@link #hash}, so
   * keys whose hashes share their top bits live in one contiguous slice of the table.
   */
  UnitState get(long key) {
    UnitState[] t = states;
    int mask = t.length - 1;
    for (int i = hash(key) >>> shift; ; i = (i + 1) & mask) {
      UnitState s = t[i];
      if (s == null) {
        return create(key, i);
      }
      if (s.key == key) {
        return s;
      }
    }
  }

  private UnitState create(long key, int i) {
    UnitState s = new UnitState(plan, arena);
    s.key = key;
    if (2 * (size + 1) > states.length) {
      grow();
      i = freeSlot(key);
    }
    states[i] = s;
    size++;
    return s;
  }

  private void grow() {
    UnitState[] oldStates = states;
    states = new UnitState[oldStates.length * 2];
    shift--;
    for (UnitState s : oldStates) {
      if (s != null) {
        states[freeSlot(s.key)] = s;
      }
    }
  }

  /** The first empty slot probing from the key's home slot (the key must be absent). */
  private int freeSlot(long key) {
    int mask = states.length - 1;
    int i = hash(key) >>> shift;
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

  int size() {
    return size;
  }

  /** Passes every open unit to the action, then empties the table (releasing its memory). */
  void drain(Consumer<UnitState> action) {
    if (size == 0) {
      return;
    }
    for (UnitState s : states) {
      if (s != null) {
        action.accept(s);
      }
    }
    states = new UnitState[INITIAL_CAPACITY];
    shift = INITIAL_SHIFT;
    size = 0;
  }
}

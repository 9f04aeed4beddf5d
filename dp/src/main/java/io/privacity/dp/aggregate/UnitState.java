package io.privacity.dp.aggregate;

import io.privacity.core.random.Randomness;
import java.util.Arrays;

/**
 * The records one privacy unit has contributed so far: its distinct partitions and, per partition,
 * the number of records seen and a uniform reservoir of at most L∞ clamped values (Vitter's
 * Algorithm R). Memory: O(distinct partitions × min(records, L∞)) per unit. Package-private; not
 * thread-safe.
 *
 * <p>Layout is flat for speed (few objects, few cache misses per record): partitions are the
 * accumulator's interned int ids, kept in a small int array scanned linearly (with a last-partition
 * hint, a shortcut for ids above all of the unit's, and an open-addressing index once a unit has
 * many partitions); per slot, the count and (for small L∞) the reservoir values side by side in one
 * long array: the values' raw bits or, for a sum-only plan ({@link #packs}), their sum units, two
 * to a long.
 */
final class UnitState {
  private static final int LINEAR_SEARCH_LIMIT = 32;
  private static final int FLAT_LIMIT = 16;
  private static final int SMALL_L0 = 64;

  int size;
  int[] pids = new int[4];
  // Per slot, with stride `stride`: the number of records seen, then (flat layout) the raw bits of
  // the L∞ reservoir values, so that a record touches one or two adjacent cache lines.
  private long[] data;
  private int off;
  private final Arena arena;
  private final int stride;
  private final int linf;
  private final boolean values;
  // Flat reservoirs of a sum-only plan hold each value's sum units (Plan.sumUnits, an int), two to
  // a long, instead of the value: half the bytes per slot, and no rounding when the unit closes.
  final boolean packed;
  private final Plan plan;
  private final int firstGrowth;
  // Reservoir layout: flat (inside data) when linf ≤ FLAT_LIMIT, else one growable array per slot.
  private final boolean flat;
  private double[][] reservoirs;
  // Open-addressing index (slot + 1, 0 = empty), built once a unit has many partitions.
  private int[] table;
  // The partition id and slot of the previous record (records of a unit often repeat a partition).
  private int lastPid = -1;
  private int maxPid = -1;
  private int lastSlot;

  UnitState(Plan plan, Arena arena) {
    this.arena = arena;
    this.plan = plan;
    this.values = plan.values;
    this.linf = plan.linf;
    // A unit that outgrows its first 4 slots grows at once to the L0 bound when that is small: a
    // unit with many partitions (hourly readings) then copies its slots once, not three times.
    this.firstGrowth = plan.l0 <= SMALL_L0 ? Math.max(8, plan.l0) : 8;
    this.flat = values && linf <= FLAT_LIMIT;
    this.packed = packs(plan);
    this.stride = packed ? 1 + (linf + 1) / 2 : flat ? 1 + linf : 1;
    this.data = arena.alloc(4 * stride);
    this.off = arena.offset;
    if (values && !flat) {
      reservoirs = new double[4][];
    }
  }

  /**
   * Whether units of this plan keep sum units in packed flat reservoirs (and take {@link
   * #addUnits}).
   */
  static boolean packs(Plan plan) {
    return plan.sumUnitsOnly && plan.linf <= FLAT_LIMIT;
  }

  void add(int pid, double clamped, Randomness randomness) {
    if (packed) {
      addUnits(pid, (int) plan.sumUnits(clamped), randomness);
      return;
    }
    int slot = pid == lastPid ? lastSlot : slot(pid);
    int base = off + slot * stride;
    long n = ++data[base];
    if (!values) {
      return;
    }
    if (n <= linf) {
      if (flat) {
        data[base + (int) n] = Double.doubleToRawLongBits(clamped);
      } else {
        double[] r = reservoirs[slot];
        if (r == null) {
          r = new double[Math.min(linf, 4)];
          reservoirs[slot] = r;
        } else if (n > r.length) {
          r = Arrays.copyOf(r, (int) Math.min(linf, 2L * r.length));
          reservoirs[slot] = r;
        }
        r[(int) n - 1] = clamped;
      }
    } else {
      // Algorithm R: the n-th record replaces a uniformly chosen slot with probability L∞/n, so
      // every L∞-subset of the n records is equally likely to be kept. Randomness is drawn only
      // once the reservoir is full.
      long j = randomness.nextLong(n);
      if (j < linf) {
        if (flat) {
          data[base + 1 + (int) j] = Double.doubleToRawLongBits(clamped);
        } else {
          reservoirs[slot][(int) j] = clamped;
        }
      }
    }
  }

  /**
   * {@link #add} in the packed layout, given the value's sum units ({@link Plan#sumUnits} of the
   * clamped value, an int when {@link Plan#sumUnitsOnly}).
   */
  void addUnits(int pid, int units, Randomness randomness) {
    int slot = pid == lastPid ? lastSlot : slot(pid);
    int base = off + slot * stride;
    long n = ++data[base];
    if (n <= linf) {
      storeUnits(base, (int) n - 1, units);
    } else {
      long j = randomness.nextLong(n); // Algorithm R, as in add
      if (j < linf) {
        storeUnits(base, (int) j, units);
      }
    }
  }

  /** Stores sum units as the i-th kept value of the slot at base (packed layout). */
  private void storeUnits(int base, int i, int units) {
    int w = base + 1 + (i >>> 1);
    int shift = (i & 1) << 5;
    data[w] = data[w] & ~(0xFFFF_FFFFL << shift) | (units & 0xFFFF_FFFFL) << shift;
  }

  /**
   * The sum of the sum units of the kept values of a slot (packed layout only): all of its ints,
   * since those at and past min(seen, L∞) were never written (regions are zeroed, and a record
   * writes only index n − 1 &lt; L∞ or a replaced index j &lt; L∞ &lt; n).
   */
  long keptSumUnits(int slot) {
    long[] d = data;
    long s = 0;
    for (int w = off + slot * stride + 1, end = w + stride - 1; w < end; w++) {
      long x = d[w];
      s += (int) x + (x >> 32);
    }
    return s;
  }

  /** The number of records seen for a slot. */
  long seen(int slot) {
    return data[off + slot * stride];
  }

  /** The kept value i (i &lt; min(seen, L∞)) of a slot (not in the packed layout). */
  double value(int slot, int i) {
    return flat ? Double.longBitsToDouble(data[off + slot * stride + 1 + i]) : reservoirs[slot][i];
  }

  private int slot(int pid) {
    // Time-ordered records (hour after hour) usually move on to the partition after the previous
    // one: check that slot before searching.
    // A partition first seen after all of this unit's has a larger id than any of them (ids are
    // interned in order of first sight): then it is new to the unit, without a search.
    int s = lastSlot + 1;
    if (pid > maxPid) {
      s = append(pid);
      maxPid = pid;
    } else if (s >= size || pids[s] != pid) {
      s = find(pid);
      if (s < 0) {
        s = append(pid);
      }
    }
    lastPid = pid;
    lastSlot = s;
    return s;
  }

  private int find(int pid) {
    if (table != null) {
      int mask = table.length - 1;
      for (int i = spread(pid) & mask; ; i = (i + 1) & mask) {
        int s = table[i];
        if (s == 0) {
          return -1;
        }
        if (pids[s - 1] == pid) {
          return s - 1;
        }
      }
    }
    int[] p = pids;
    for (int i = 0, n = size; i < n; i++) {
      if (p[i] == pid) {
        return i;
      }
    }
    return -1;
  }

  private int append(int pid) {
    if (size == pids.length) {
      int cap = size == 4 ? firstGrowth : size * 2;
      pids = Arrays.copyOf(pids, cap);
      long[] grown = arena.alloc(cap * stride);
      System.arraycopy(data, off, grown, arena.offset, size * stride);
      data = grown;
      off = arena.offset;
      if (reservoirs != null) {
        reservoirs = Arrays.copyOf(reservoirs, cap);
      }
    }
    pids[size] = pid;
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
    int i = spread(pids[slot]) & mask;
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
    return Arrays.copyOf(order, l0);
  }
}

package io.privacity.dp.aggregate;

import io.privacity.core.random.Randomness;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The open privacy units of an {@link Accumulator} and the buffer of their records: it owns the
 * units' states (in a hash map for object ids; for {@code Integer} and {@code Long} ids in {@link
 * UnitTable}s that number units in order of first sight), the per-record buffer of numeric units
 * (one packed long per record for sum-only plans, three arrays otherwise), and the flush that adds
 * buffered records to the units' reservoirs — in arrival order per unit, run by run, bucket by
 * bucket or unit by unit — and, within {@link #closeOpenUnits}, closes each unit right after adding
 * its records. What closing a unit means (the L0 bound, the partition sums) is the accumulator's
 * job: {@link #close}. A superclass rather than a field of the accumulator, so that the per-record
 * path reads its fields directly, with no extra indirection. Package-private; not thread-safe.
 */
abstract class RecordBuffer {
  final Plan plan;
  final Randomness randomness;
  // Open units: Integer and Long ids in primitive tables (no boxing, no entries) that give each
  // unit's index in `units`, in order of first sight; other ids here.
  private final HashMap<Object, UnitState> open = new HashMap<>();
  private final Arena arena = new Arena();
  final UnitTable intUnits = new UnitTable();
  final UnitTable longUnits = new UnitTable();
  private UnitState[] units = new UnitState[16];
  private int unitCount;
  // Records of Integer/Long units are buffered, then added unit by unit (addRunsByUnit, when the
  // buffer holds a few runs of increasing unit indexes with about a record per unit each, as
  // time-ordered readings do) or bucket by bucket: a full buffer is then partitioned (stably) by
  // the top bits of each unit's index. Units are numbered in order of first sight, and their states
  // and per-slot regions are allocated in that order, so a bucket touches one contiguous stretch of
  // memory and a small group of units, whose state stays in cache while all their buffered records
  // are added, instead of one cache miss per record and unit when records arrive in time order. Per
  // unit, records keep their arrival order (Algorithm R sees each unit's records in order; only the
  // interleaving of draws between units changes). The buffer grows to about RECORDS_PER_UNIT
  // records per open unit: measured on 10^7 time-ordered readings of 10^5 households, 8 per unit
  // gave 12 M records/s, 16 gave 20 M/s and 32 no more with the per-bucket adds; with the per-unit
  // merge of runs (addRunsByUnit), 32 per unit (a 2^22-record buffer: fewer passes over the units'
  // states) took thread CPU from about 26 to 24 ns/record and 64 (more runs than MAX_RUNS, so a
  // copying partition) was slower.
  private static final int MIN_BUFFER = 1 << 10;
  private static final int MAX_BUFFER = 1 << 22;
  private static final int RECORDS_PER_UNIT = 32;
  private static final int PARTITION_MIN = 1 << 12;
  private static final int BUCKET_BITS = 9;
  private int bufCapacity;
  private int[] bufUnit;
  private int[] bufPid;
  private double[] bufValue;
  // Sum-only plans with packed reservoirs (UnitState.packs) buffer a record in one long instead of
  // 16 bytes in three arrays: (unit index << pidBits | partition id) << 32 | the value's sum units,
  // while the unit
  // index fits in 32 - pidBits bits and the id in pidBits (half the buffer traffic: measured about
  // 2.5 ns/record of 24 on the benchmark workload). A unit or id that does not fit flushes the
  // buffer first, then widens pidBits or, when both cannot fit, falls back to the three arrays
  // until the units are closed.
  private boolean packed;
  int pidBits = 8; // package-private: tests start it high to reach the fallback with few units
  private long[] bufRec;
  // Partitioned records, two longs each (unit index and partition id, value bits), or one packed
  // long each: one write stream per bucket.
  private long[] sorted;
  private final int[] bucketStart = new int[(1 << BUCKET_BITS) + 1];
  // Where each run of non-decreasing unit indexes after the first starts in the buffer (runs
  // beyond the array's length are only counted: then the buffer is partitioned instead).
  private static final int MAX_RUNS = 64;
  private final int[] runStart = new int[MAX_RUNS - 1];
  private final int[] runCursor = new int[MAX_RUNS];
  private final int[] runEnd = new int[MAX_RUNS];
  private int runs;
  private int lastBuffered;
  private int buffered;
  // Set by closeOpenUnits around its flush: a unit-by-unit flush then closes each unit right after
  // adding its records, while its state is in cache, instead of in a second pass over all units.
  private boolean closeInFlush;
  private boolean unitsClosedInFlush;

  RecordBuffer(Plan plan, Randomness randomness) {
    this.plan = plan;
    this.randomness = randomness;
    this.packed = UnitState.packs(plan);
    allocateBuffer(MIN_BUFFER);
  }

  /**
   * Closes one unit: applies the L0 bound and adds its kept records to the partition sums. Called
   * by {@link #closeOpenUnits}, once per open unit.
   */
  abstract void close(UnitState u);

  /**
   * Closes every open unit and releases their states, indexes and (grown or no longer fitting)
   * buffers: {@link Accumulator#closeUnits()}.
   */
  final void closeOpenUnits() {
    boolean closedInFlush;
    closeInFlush = true;
    try {
      flush();
      closedInFlush = unitsClosedInFlush;
    } finally { // never leave a later flush closing units (or this skipping them) after a throw
      closeInFlush = false;
      unitsClosedInFlush = false;
    }
    for (UnitState u : open.values()) {
      close(u);
    }
    open.clear();
    // In order of first sight: the units' states and regions lie in memory in that order.
    if (!closedInFlush) {
      for (int i = 0; i < unitCount; i++) {
        close(units[i]);
      }
    }
    units = new UnitState[16];
    unitCount = 0;
    intUnits.clear();
    longUnits.clear();
    arena.reset();
    boolean wasPacked = packed;
    packed = UnitState.packs(plan); // unit indexes start again from 0
    if (bufCapacity > MIN_BUFFER || packed != wasPacked) { // release the buffers with the units
      allocateBuffer(MIN_BUFFER);
      sorted = null;
    }
  }

  /** The number of open units (flushing the buffer first). */
  final int openUnits() {
    flush();
    return open.size() + unitCount;
  }

  final void addObjectUnit(Object unit, int pid, double clamped) {
    UnitState u = open.get(unit);
    if (u == null) {
      u = new UnitState(plan, arena);
      open.put(unit, u);
    }
    u.add(pid, clamped, randomness);
  }

  final void enqueue(UnitTable table, long unit, int pid, double clamped) {
    int u = table.indexOf(unit, unitCount);
    if (u == unitCount) {
      newUnit();
    }
    if (packed && ((pid >>> pidBits) | (u >>> (32 - pidBits))) != 0) {
      widen(u, pid);
    }
    int b = buffered;
    if (u < lastBuffered) { // a new run of non-decreasing unit indexes starts here
      if (runs < runStart.length) {
        runStart[runs] = b;
      }
      runs++;
    }
    lastBuffered = u;
    if (packed) {
      long key = (long) (u << pidBits | pid) << 32;
      bufRec[b] = key | (plan.sumUnits(clamped) & 0xFFFF_FFFFL);
    } else {
      bufUnit[b] = u;
      bufPid[b] = pid;
      bufValue[b] = clamped;
    }
    buffered = b + 1;
    if (b + 1 == bufCapacity) {
      flush();
    }
  }

  /**
   * Makes room in packed records for unit index u and partition id pid: flushes the buffer (its
   * records use the current widths), then widens the id's bits (one spare) or, if the unit index
   * would no longer fit, switches to unpacked records.
   */
  private void widen(int u, int pid) {
    flush();
    int bits = Math.max(pidBits, 33 - Integer.numberOfLeadingZeros(pid));
    if (bits >= 32 || u >>> (32 - bits) != 0 || unitCount - 1 >>> (32 - bits) != 0) {
      packed = false;
      allocateBuffer(bufCapacity);
    } else {
      pidBits = bits;
    }
  }

  private void newUnit() {
    if (unitCount == units.length) {
      units = Arrays.copyOf(units, 2 * unitCount);
    }
    units[unitCount++] = new UnitState(plan, arena);
  }

  /** Adds the buffered records: bucket by bucket when there are many, each unit in order. */
  final void flush() {
    int n = buffered;
    if (n == 0) {
      return;
    }
    buffered = 0;
    int runCount = runs + 1;
    runs = 0;
    lastBuffered = 0;
    UnitState[] us = units;
    if (packed) {
      flushPacked(n, runCount);
    } else if (n < PARTITION_MIN) {
      for (int i = 0; i < n; i++) {
        us[bufUnit[i]].add(bufPid[i], bufValue[i], randomness);
      }
    } else if (runCount <= MAX_RUNS) {
      addRunsByBucket(n, runCount);
    } else {
      partitionByUnit(n);
      long[] r = sorted;
      for (int i = 0; i < 2 * n; i += 2) {
        long up = r[i];
        us[(int) (up >>> 32)].add((int) up, Double.longBitsToDouble(r[i + 1]), randomness);
      }
    }
    long wanted = (long) unitCount * RECORDS_PER_UNIT;
    if (!closeInFlush && bufCapacity < MAX_BUFFER && wanted > bufCapacity) {
      allocateBuffer((int) Math.min(MAX_BUFFER, Long.highestOneBit(wanted) * 2));
    }
  }

  /**
   * Adds the buffered records bucket by bucket without moving them, when they form few runs of
   * non-decreasing unit indexes (records arriving in meter-number order, sweep after sweep): within
   * a run, a bucket's records are contiguous, so each bucket takes its stretch from every run, the
   * runs in arrival order. Each unit's records are thus added in arrival order, as by {@link
   * #partitionByUnit}, at the cost of one cursor step per run and bucket instead of a copy of every
   * record.
   */
  private void addRunsByBucket(int n, int runCount) {
    int[] cursor = runCursor;
    int[] start = runStart;
    for (int r = 1; r < runCount; r++) {
      cursor[r] = start[r - 1];
    }
    cursor[0] = 0;
    if ((long) unitCount * runCount <= 2L * n) {
      addRunsByUnit(n, runCount);
      return;
    }
    int shift = bucketShift();
    int buckets = ((unitCount - 1) >>> shift) + 1;
    int[] unit = bufUnit;
    int[] pid = bufPid;
    double[] value = bufValue;
    UnitState[] us = units;
    for (int b = 0; b < buckets; b++) {
      long limit = (long) (b + 1) << shift; // unit indexes of bucket b are below this
      for (int r = 0; r < runCount; r++) {
        int end = r + 1 < runCount ? start[r] : n;
        int i = cursor[r];
        while (i < end && unit[i] < limit) {
          us[unit[i]].add(pid[i], value[i], randomness);
          i++;
        }
        cursor[r] = i;
      }
    }
  }

  /**
   * Adds the buffered runs unit by unit (a merge of the runs by unit index), when the runs hold
   * about one record per unit or more: all of a unit's buffered records are then added in one go,
   * in arrival order, and units are visited in the order their states and regions lie in memory, so
   * the state of one unit is fetched once per flush and the next one's is prefetched. Within {@link
   * #closeOpenUnits} each unit is also closed there, while its state is in cache.
   */
  private void addRunsByUnit(int n, int runCount) {
    int[] cursor = runCursor;
    int[] end = runEnd;
    for (int r = 0; r < runCount; r++) {
      end[r] = r + 1 < runCount ? runStart[r] : n;
    }
    int[] unit = bufUnit;
    int[] pid = bufPid;
    double[] value = bufValue;
    UnitState[] us = units;
    boolean closeToo = closeInFlush;
    for (int u = 0, m = unitCount; u < m; u++) {
      UnitState s = us[u];
      for (int r = 0; r < runCount; r++) {
        int i = cursor[r];
        int e = end[r];
        if (i < e && unit[i] == u) {
          do {
            s.add(pid[i], value[i], randomness);
            i++;
          } while (i < e && unit[i] == u);
          cursor[r] = i;
        }
      }
      if (closeToo) {
        close(s);
      }
    }
    unitsClosedInFlush = closeToo;
  }

  private int bucketShift() {
    return Math.max(0, (32 - Integer.numberOfLeadingZeros(unitCount - 1)) - BUCKET_BITS);
  }

  /** Replaces the (empty) record buffer by one of the given capacity, packed or not. */
  private void allocateBuffer(int capacity) {
    bufCapacity = capacity;
    if (packed) {
      bufRec = new long[capacity];
      bufUnit = null;
      bufPid = null;
      bufValue = null;
    } else {
      bufRec = null;
      bufUnit = new int[capacity];
      bufPid = new int[capacity];
      bufValue = new double[capacity];
    }
  }

  /**
   * {@link #flush} of packed records: the same orders (each unit's records in arrival order), with
   * the value already in sum units.
   */
  private void flushPacked(int n, int runCount) {
    long[] rec = bufRec;
    int pb = pidBits;
    int mask = (1 << pb) - 1;
    UnitState[] us = units;
    if (n < PARTITION_MIN) {
      for (int i = 0; i < n; i++) {
        long r = rec[i];
        int key = (int) (r >>> 32);
        us[key >>> pb].addUnits(key & mask, (int) r, randomness);
      }
      return;
    }
    if (runCount <= MAX_RUNS && (long) unitCount * runCount <= 2L * n) {
      int[] cursor = runCursor;
      int[] end = runEnd;
      cursor[0] = 0;
      for (int r = 0; r < runCount; r++) {
        end[r] = r + 1 < runCount ? runStart[r] : n;
        if (r > 0) {
          cursor[r] = runStart[r - 1];
        }
      }
      int unitShift = 32 + pb;
      boolean closeToo = closeInFlush;
      for (int u = 0, m = unitCount; u < m; u++) {
        UnitState s = us[u];
        for (int r = 0; r < runCount; r++) {
          int i = cursor[r];
          int e = end[r];
          if (i < e && rec[i] >>> unitShift == u) {
            do {
              long x = rec[i];
              s.addUnits((int) (x >>> 32) & mask, (int) x, randomness);
              i++;
            } while (i < e && rec[i] >>> unitShift == u);
            cursor[r] = i;
          }
        }
        if (closeToo) {
          close(s);
        }
      }
      unitsClosedInFlush = closeToo;
      return;
    }
    // Otherwise a stable counting sort by bucket (the top bits of the unit index), then in order.
    if (sorted == null || sorted.length < n) {
      sorted = new long[bufCapacity];
    }
    int shift = bucketShift() + 32 + pb;
    int[] start = bucketStart;
    Arrays.fill(start, 0);
    for (int i = 0; i < n; i++) {
      start[(int) (rec[i] >>> shift) + 1]++;
    }
    for (int b = 1; b < start.length; b++) {
      start[b] += start[b - 1];
    }
    long[] out = sorted;
    for (int i = 0; i < n; i++) {
      long r = rec[i];
      out[start[(int) (r >>> shift)]++] = r;
    }
    for (int i = 0; i < n; i++) {
      long r = out[i];
      int key = (int) (r >>> 32);
      us[key >>> pb].addUnits(key & mask, (int) r, randomness);
    }
  }

  /**
   * A stable counting sort of the first n buffered records by bucket: the top {@link #BUCKET_BITS}
   * bits of the unit index.
   */
  private void partitionByUnit(int n) {
    if (sorted == null || sorted.length < 2 * n) {
      sorted = new long[2 * bufCapacity];
    }
    int shift = bucketShift();
    int[] start = bucketStart;
    Arrays.fill(start, 0);
    int[] unit = bufUnit;
    for (int i = 0; i < n; i++) {
      start[(unit[i] >>> shift) + 1]++;
    }
    for (int b = 1; b < start.length; b++) {
      start[b] += start[b - 1];
    }
    long[] r = sorted;
    int[] pid = bufPid;
    double[] value = bufValue;
    for (int i = 0; i < n; i++) {
      int u = unit[i];
      int j = 2 * start[u >>> shift]++;
      r[j] = (long) u << 32 | (pid[i] & 0xFFFF_FFFFL);
      r[j + 1] = Double.doubleToRawLongBits(value[i]);
    }
  }
}

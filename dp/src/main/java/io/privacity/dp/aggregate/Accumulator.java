package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A partial, not yet noisy aggregate of one shard of the input: it bounds each privacy unit's
 * contributions and keeps exact integer sums per partition. Created by {@link
 * BoundedAggregation#newAccumulator()}; released (noise added once) by {@link
 * BoundedAggregation#release(Accumulator)}.
 *
 * <h2>Contribution bounding</h2>
 *
 * <p>Records are buffered per privacy unit: per partition the number of records seen and a uniform
 * reservoir of at most L∞ clamped values (Vitter's Algorithm R). When the unit is <i>closed</i> —
 * at {@link #merge}, {@link #toBytes}, {@link #closeUnits()} or release — a uniformly random subset
 * of at most L0 of its partitions is kept, and the kept records enter the per-partition sums. A
 * unit with 10^6 records thus contributes exactly as much as one with L0·L∞ records, and the kept
 * records are a uniform random subset, never the first ones.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li><b>Shard by privacy unit.</b> Bounding is per accumulator: all records of one unit must be
 *       added to the same accumulator before it is closed, otherwise a unit split over k shards (or
 *       over k calls separated by {@link #closeUnits()}) contributes up to k times the bound and
 *       the guarantee does not hold. Partition records by a hash of the unit id when sharding.
 *   <li>Memory: O(Σ over open units of distinct partitions × min(records, L∞)) values, plus one
 *       small state per partition (up to about twice that while units grow, as outgrown per-unit
 *       regions are reclaimed only when units are closed; a unit with more than 4 partitions gets
 *       room for L0 of them at once when L0 ≤ 64), plus a buffer of about 32 records per open unit
 *       (at most 2<sup>22</sup> records of 32 bytes, 16 for a sum-only aggregation: 128 MiB) and an
 *       index of at most 72 bytes per open unit plus 4 KiB (non-negative ids below 2<sup>22</sup>
 *       are looked up directly while that costs at most 64 bytes per unit, others hashed; 16 MiB at
 *       most) for units keyed by {@code Integer} or {@code Long} or added by {@link #addByUnitId};
 *       they are released when the units are closed. If the input arrives grouped by unit, call
 *       {@link #closeUnits()} after each group to keep memory bounded by the group.
 * </ul>
 *
 * <p>Merging is exact (integer sums) and associative and commutative: any merge tree of shard
 * accumulators yields the same state as one accumulator over all records with the same kept
 * subsets. Serialized bytes are versioned and validated on read.
 *
 * <h2>Shard ids</h2>
 *
 * <p>Every accumulator has a random 128-bit shard id and carries the ids of every shard merged into
 * it ({@link #shardIds()}); {@link #toBytes} writes them and {@link
 * BoundedAggregation#accumulatorFromBytes} restores them, so a serialized copy is the same shard.
 * {@link #merge} refuses, with a {@link DuplicateShardException} and before changing anything, a
 * shard whose records this accumulator already holds — the same accumulator twice, a copy of one
 * already merged, or two accumulators that both hold a third — since its privacy units would
 * otherwise count twice (each contributing twice the bounds). An accumulator that kept receiving
 * records after being merged or serialized cannot be merged into that result again either: its new
 * records would come with the old ones. The id sets are unions, so they merge like the sums do
 * (associative and commutative) and survive any merge tree or serialization.
 *
 * <p><b>Not thread-safe</b>: use one accumulator per thread or shard and merge them.
 *
 * @param <K> the partition key type
 */
public final class Accumulator<K> {
  private static final int MAGIC = 0x50564147; // "PVAG"
  private static final int VERSION = 2;
  private static final int MAX_KEY_BYTES = 1 << 20;

  private final Plan plan;
  private final Set<K> publicPartitions;
  private final boolean ungrouped;
  private final Randomness randomness;
  // Open units: Integer and Long ids in primitive tables (no boxing, no entries) that give each
  // unit's index in `units`, in order of first sight; other ids here.
  private final HashMap<Object, UnitState> open = new HashMap<>();
  private final Arena arena = new Arena();
  private final UnitTable intUnits = new UnitTable();
  private final UnitTable longUnits = new UnitTable();
  private UnitState[] units = new UnitState[16];
  private int unitCount;
  private final HashMap<K, PartitionState> closed = new HashMap<>();
  // This shard's random id and those of every shard merged into it (see merge).
  private ShardIds shards = ShardIds.fresh();
  // Partition keys interned to dense int ids once per distinct key; the state of an id is cached
  // (the objects in closed are never replaced, only mutated).
  private final HashMap<Object, Integer> pidOf = new HashMap<>();
  // addByIds was called: keys of another class are refused (see requireIntegerKeys).
  private boolean intKeysAdded;
  // The class of a non-Integer partition key interned, or null.
  private Class<?> otherKeyClass;
  private Object[] pidKeys = new Object[16];
  private PartitionState[] pidStates = new PartitionState[16];
  // Integer partition keys: a primitive open-addressing index over the same ids (id + 1, 0 =
  // empty).
  private int[] intPidKeys = new int[64];
  private int[] intPidIds = new int[64];
  private int intPidCount;
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
  // 16 bytes in three
  // arrays: (unit index << pidBits | partition id) << 32 | the value's sum units, while the unit
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
  // Set by closeUnits around its flush: a unit-by-unit flush then closes each unit right after
  // adding its records, while its state is in cache, instead of in a second pass over all units.
  private boolean closeInFlush;
  private boolean unitsClosedInFlush;

  Accumulator(Plan plan, Set<K> publicPartitions, boolean ungrouped, Randomness randomness) {
    this.plan = plan;
    this.publicPartitions = publicPartitions;
    this.ungrouped = ungrouped;
    this.randomness = randomness;
    this.packed = UnitState.packs(plan);
    allocateBuffer(MIN_BUFFER);
  }

  /**
   * Adds one record of a privacy unit, for a count-only aggregation (no value statistics).
   *
   * @param unit the privacy unit's id (a household, a card, a bike), not null
   * @param partition the partition key, not null
   * @return this accumulator
   * @throws IllegalArgumentException if unit or partition is null
   * @throws IllegalStateException if the aggregation needs values (use {@link #add(Object, Object,
   *     double)})
   */
  public Accumulator<K> add(Object unit, K partition) {
    Checks.state(!plan.values, "this aggregation needs values: use add(unit, partition, value)");
    return add(unit, partition, 0.0);
  }

  /**
   * Adds one record of a privacy unit. The value is clamped to the value bounds; records of
   * partitions outside the public partitions (if any) are dropped.
   *
   * @param unit the privacy unit's id, not null
   * @param partition the partition key, not null
   * @param value the value, finite (ignored by count-only aggregations, but still validated)
   * @return this accumulator
   * @throws IllegalArgumentException if unit or partition is null, or value is NaN or infinite
   */
  public Accumulator<K> add(Object unit, K partition, double value) {
    // Kept small (cold paths in other methods) so that the JIT can inline it into the caller's
    // loop. A boxed numeric unit id still costs an allocation: addByUnitId avoids it.
    if (unit == null || partition == null || !Double.isFinite(value)) {
      throw invalidRecord(unit, partition, value);
    }
    int pid = partitionId(partition);
    if (pid < 0) {
      return this;
    }
    double clamped = plan.values ? plan.clamp(value) : 0.0;
    if (unit instanceof Integer) {
      enqueue(intUnits, (Integer) unit, pid, clamped);
    } else if (unit instanceof Long) {
      enqueue(longUnits, (Long) unit, pid, clamped);
    } else {
      addObjectUnit(unit, pid, clamped);
    }
    return this;
  }

  /**
   * Adds one record of a privacy unit identified by a number, for a count-only aggregation: {@link
   * #addByUnitId(long, Object, double)} without a value.
   *
   * @param unitId the privacy unit's id
   * @param partition the partition key, not null
   * @return this accumulator
   * @throws IllegalArgumentException if partition is null
   * @throws IllegalStateException if the aggregation needs values
   */
  public Accumulator<K> addByUnitId(long unitId, K partition) {
    Checks.state(
        !plan.values, "this aggregation needs values: use addByUnitId(unit, partition, value)");
    return addByUnitId(unitId, partition, 0.0);
  }

  /**
   * Adds one record of a privacy unit identified by a number (a household, meter or card number),
   * without boxing it: the fast path for bulk ingestion. The unit is the same as {@code
   * Long.valueOf(unitId)} passed to {@link #add(Object, Object, double)} (so {@code addByUnitId(5,
   * …)} and {@code add(5L, …)} are one unit, but {@code add(Integer.valueOf(5), …)} is another, as
   * in a {@code HashMap}).
   *
   * @param unitId the privacy unit's id
   * @param partition the partition key, not null
   * @param value the value, finite (ignored by count-only aggregations, but still validated)
   * @return this accumulator
   * @throws IllegalArgumentException if partition is null, or value is NaN or infinite
   */
  public Accumulator<K> addByUnitId(long unitId, K partition, double value) {
    if (partition == null || !Double.isFinite(value)) {
      throw invalidRecord(unitId, partition, value);
    }
    int pid = partitionId(partition);
    if (pid >= 0) {
      enqueue(longUnits, unitId, pid, plan.values ? plan.clamp(value) : 0.0);
    }
    return this;
  }

  /**
   * {@link #addByUnitId(long, Object, double)} for an {@code Integer}-keyed accumulator, with the
   * partition key given as an {@code int}, without boxing it: the record's partition key is {@code
   * Integer.valueOf(partition)}, so records added either way land in the same partition. The fast
   * path for bulk ingestion of numbered partitions (district-hours, cells, days) into an {@code
   * Accumulator<Integer>}.
   *
   * <p>A distinct name rather than an overload of {@code addByUnitId}, so that an {@code int}
   * argument never lands here by overload resolution: on an accumulator of another key type (say
   * {@code Accumulator<Long>}) an {@code Integer} key would silently miss its public partitions or
   * be released where a {@code Long} is expected. As a further guard, this method refuses an
   * accumulator whose public partitions hold no {@code Integer} or that already holds a key of
   * another class, and {@link #add(Object, Object, double)} then refuses keys of another class.
   *
   * @param unitId the privacy unit's id (the same unit as in {@link #addByUnitId(long, Object,
   *     double)})
   * @param partition the partition key
   * @param value the value, finite (ignored by count-only aggregations, but still validated)
   * @return this accumulator
   * @throws IllegalArgumentException if value is NaN or infinite
   * @throws IllegalStateException if the accumulator's partition keys are not {@code Integer}s (as
   *     above)
   */
  public Accumulator<K> addByIds(long unitId, int partition, double value) {
    if (!Double.isFinite(value)) {
      throw invalidRecord(unitId, partition, value);
    }
    if (!intKeysAdded) {
      requireIntegerKeys();
    }
    int pid = intPartitionId(partition);
    if (pid >= 0) {
      enqueue(longUnits, unitId, pid, plan.values ? plan.clamp(value) : 0.0);
    }
    return this;
  }

  /** First {@link #addByIds} call: the keys so far must allow {@code Integer} keys. */
  private void requireIntegerKeys() {
    Class<?> other = otherKeyClass;
    if (other == null && publicPartitions != null && !publicPartitions.isEmpty()) {
      boolean anyInteger = false;
      for (Object p : publicPartitions) {
        anyInteger |= p instanceof Integer;
      }
      other = anyInteger ? null : publicPartitions.iterator().next().getClass();
    }
    Checks.state(
        other == null,
        "addByIds adds Integer partition keys, but this aggregation's partition keys are "
            + (other == null ? "" : other.getSimpleName())
            + ": use addByUnitId(unitId, partition, value)");
    intKeysAdded = true;
  }

  /**
   * Adds one record of a privacy unit to an {@link BoundedAggregation.Builder#ungrouped()
   * ungrouped} aggregation (statistics of the whole dataset). The value is clamped to the value
   * bounds.
   *
   * @param unit the privacy unit's id, not null
   * @param value the value, finite (ignored by count-only aggregations, but still validated)
   * @return this accumulator
   * @throws IllegalArgumentException if unit is null or value is NaN or infinite
   * @throws IllegalStateException if the aggregation is grouped (use {@link #add(Object, Object,
   *     double)})
   */
  public Accumulator<K> addToTotal(Object unit, double value) {
    requireUngrouped();
    return add(unit, BoundedAggregation.<K>total(), value);
  }

  /**
   * Adds one record of a privacy unit to a count-only {@link BoundedAggregation.Builder#ungrouped()
   * ungrouped} aggregation.
   *
   * @param unit the privacy unit's id, not null
   * @return this accumulator
   * @throws IllegalArgumentException if unit is null
   * @throws IllegalStateException if the aggregation is grouped or needs values
   */
  public Accumulator<K> addToTotal(Object unit) {
    requireUngrouped();
    return add(unit, BoundedAggregation.<K>total());
  }

  /**
   * {@link #addToTotal(Object, double)} for a numeric unit id, without boxing it (the same unit as
   * {@code Long.valueOf(unitId)}; see {@link #addByUnitId(long, Object, double)}).
   *
   * @param unitId the privacy unit's id
   * @param value the value, finite
   * @return this accumulator
   * @throws IllegalArgumentException if value is NaN or infinite
   * @throws IllegalStateException if the aggregation is grouped
   */
  public Accumulator<K> addToTotalByUnitId(long unitId, double value) {
    requireUngrouped();
    return addByUnitId(unitId, BoundedAggregation.<K>total(), value);
  }

  private void requireUngrouped() {
    Checks.state(
        ungrouped,
        "addToTotal is for ungrouped aggregations; this one is grouped: use add(unit, partition,"
            + " value)");
  }

  private static IllegalArgumentException invalidRecord(Object unit, Object partition, double v) {
    Checks.notNull("unit", unit);
    Checks.notNull("partition", partition);
    return new IllegalArgumentException(
        "value must be finite, got " + v + " (unit " + unit + ", partition " + partition + ")");
  }

  private void addObjectUnit(Object unit, int pid, double clamped) {
    UnitState u = open.get(unit);
    if (u == null) {
      u = new UnitState(plan, arena);
      open.put(unit, u);
    }
    u.add(pid, clamped, randomness);
  }

  private void enqueue(UnitTable table, long unit, int pid, double clamped) {
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
  private void flush() {
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
   * #closeUnits} each unit is also closed there, while its state is in cache.
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

  /** The interned id of a partition key, or -1 if the key is not among the public partitions. */
  private int partitionId(Object partition) {
    if (partition instanceof Integer) {
      return intPartitionId((Integer) partition);
    }
    return internPartition(partition);
  }

  /** {@link #partitionId} of an {@code Integer} key, given unboxed. */
  private int intPartitionId(int k) {
    int[] keys = intPidKeys;
    int[] ids = intPidIds;
    int mask = keys.length - 1;
    for (int i = mixInt(k) & mask; ; i = (i + 1) & mask) {
      int id = ids[i];
      if (id == 0) {
        break;
      }
      if (keys[i] == k) {
        return id - 1;
      }
    }
    // First sight of this key: intern an equal box (not the caller's, which need not escape).
    return internPartition(Integer.valueOf(k));
  }

  private int internPartition(Object partition) {
    Integer id = pidOf.get(partition);
    if (id != null) {
      return id;
    }
    Checks.state(
        !ungrouped || partition == BoundedAggregation.<Object>total(),
        "this aggregation is ungrouped (whole dataset): add records with addToTotal(unit, value),"
            + " not with a partition key");
    if (publicPartitions != null && !publicPartitions.contains(partition)) {
      return -1;
    }
    int pid = pidOf.size();
    if (pid == pidKeys.length) {
      pidKeys = Arrays.copyOf(pidKeys, 2 * pid);
      pidStates = Arrays.copyOf(pidStates, 2 * pid);
    }
    if (!(partition instanceof Integer) && partition != BoundedAggregation.<Object>total()) {
      Checks.state(
          !intKeysAdded,
          "this accumulator holds Integer partition keys added by addByIds, got a "
              + partition.getClass().getSimpleName()
              + " key");
      otherKeyClass = partition.getClass();
    }
    pidKeys[pid] = partition;
    pidOf.put(partition, pid);
    if (partition instanceof Integer) {
      indexIntPartition((Integer) partition, pid);
    }
    return pid;
  }

  private void indexIntPartition(int key, int pid) {
    if (2 * (intPidCount + 1) > intPidKeys.length) {
      int[] oldKeys = intPidKeys;
      int[] oldIds = intPidIds;
      intPidKeys = new int[2 * oldKeys.length];
      intPidIds = new int[2 * oldKeys.length];
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldIds[j] != 0) {
          putIntPartition(oldKeys[j], oldIds[j]);
        }
      }
    }
    putIntPartition(key, pid + 1);
    intPidCount++;
  }

  private void putIntPartition(int key, int idPlusOne) {
    int mask = intPidKeys.length - 1;
    int i = mixInt(key) & mask;
    while (intPidIds[i] != 0) {
      i = (i + 1) & mask;
    }
    intPidKeys[i] = key;
    intPidIds[i] = idPlusOne;
  }

  private static int mixInt(int k) {
    int h = k * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /**
   * Adds every record of an iterator, streaming: records are not retained beyond the bounded
   * per-unit reservoirs.
   *
   * @param records the records
   * @param unit extracts the privacy unit's id
   * @param partition extracts the partition key
   * @param value extracts the value
   * @param <T> the record type
   * @return this accumulator
   * @throws IllegalArgumentException if an argument or an extracted id, key is null, or a value is
   *     not finite
   */
  public <T> Accumulator<K> addAll(
      Iterator<? extends T> records,
      Function<? super T, ?> unit,
      Function<? super T, ? extends K> partition,
      ToDoubleFunction<? super T> value) {
    Checks.notNull("records", records);
    Checks.notNull("unit", unit);
    Checks.notNull("partition", partition);
    Checks.notNull("value", value);
    while (records.hasNext()) {
      T r = records.next();
      add(unit.apply(r), partition.apply(r), value.applyAsDouble(r));
    }
    return this;
  }

  /**
   * Closes every open privacy unit: applies the L0 bound and moves its kept records into the
   * partition sums. Records of a closed unit added later are treated as a new unit (see the class
   * caller obligations).
   *
   * @return this accumulator
   */
  public Accumulator<K> closeUnits() {
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
    return this;
  }

  private PartitionState state(int pid) {
    PartitionState p = pidStates[pid];
    if (p == null) {
      @SuppressWarnings("unchecked")
      K key = (K) pidKeys[pid];
      p = closed.computeIfAbsent(key, k -> new PartitionState(plan));
      pidStates[pid] = p;
    }
    return p;
  }

  private void close(UnitState u) {
    int size = u.size;
    int[] kept = size > plan.l0 ? u.keptSlots(plan.l0, randomness) : null;
    int n = kept == null ? size : kept.length;
    for (int k = 0; k < n; k++) {
      int slot = kept == null ? k : kept[k];
      PartitionState p = state(u.pids[slot]);
      int m = (int) Math.min(u.seen(slot), plan.linf);
      p.units++;
      p.count = Math.addExact(p.count, m);
      if (plan.values) {
        p.addValues(plan, u, slot, m);
      }
    }
  }

  /**
   * Merges another accumulator of the same aggregation into this one (both are closed first). The
   * other accumulator is left unchanged apart from being closed.
   *
   * @param other an accumulator of an aggregation with the same parameters, not this one
   * @return this accumulator
   * @throws IllegalArgumentException if other is null, this, or from an aggregation with different
   *     parameters
   * @throws DuplicateShardException if this accumulator already holds one of other's shards
   *     (nothing is merged)
   * @throws ArithmeticException if a sum overflows a long (more than ~2^33 contributions)
   */
  public Accumulator<K> merge(Accumulator<K> other) {
    Checks.notNull("other", other);
    if (other == this) {
      throw new IllegalArgumentException("cannot merge an accumulator into itself");
    }
    requireSamePlan(other.plan);
    ShardIds merged = shards.union(other.shards); // throws on a shard already merged
    closeUnits();
    other.closeUnits();
    for (Map.Entry<K, PartitionState> e : other.closed.entrySet()) {
      PartitionState mine = closed.get(e.getKey());
      if (mine == null) {
        mine = new PartitionState(plan);
        closed.put(e.getKey(), mine);
      }
      mine.merge(e.getValue());
    }
    shards = merged;
    return this;
  }

  /**
   * The ids of the shards this accumulator holds: its own and those of every accumulator merged
   * into it (directly, through other merges, or as serialized copies), as 32-digit hexadecimal
   * strings. Not secret; not private data either (they are random).
   *
   * @return an unmodifiable set, in a stable order
   */
  public Set<String> shardIds() {
    return shards.asStrings();
  }

  private void requireSamePlan(Plan other) {
    if (!plan.descriptor.equals(other.descriptor)) {
      throw new IllegalArgumentException(
          "accumulator belongs to a different aggregation: expected ["
              + plan.descriptor
              + "], got ["
              + other.descriptor
              + "]");
    }
  }

  /**
   * The number of partitions with at least one closed contribution. Not private: do not publish.
   *
   * @return the partition count
   */
  public int partitionCount() {
    return closed.size();
  }

  /**
   * The number of privacy units whose records are still buffered.
   *
   * @return the open unit count
   */
  public int openUnitCount() {
    flush();
    return open.size() + unitCount;
  }

  /**
   * Serializes the closed state (open units are closed first). Format version 2: magic {@code
   * PVAG}, version, the aggregation's parameter descriptor, then per partition its key and exact
   * integer sums, then the shard ids (count, then 16 bytes each, increasing). The bytes are
   * <b>not</b> private (exact bounded sums): protect them as raw data. A copy restored from them is
   * the same shard: merging it where the original (or another copy) was merged is refused.
   *
   * @param codec encodes partition keys, not null
   * @return the bytes
   * @throws IllegalArgumentException if codec is null
   */
  public byte[] toBytes(PartitionCodec<K> codec) {
    Checks.notNull("codec", codec);
    closeUnits();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(plan.descriptor);
      out.writeInt(closed.size());
      for (Map.Entry<K, PartitionState> e : closed.entrySet()) {
        byte[] key = ungrouped ? new byte[0] : codec.encode(e.getKey()); // one implicit key
        out.writeInt(key.length);
        out.write(key);
        PartitionState p = e.getValue();
        out.writeLong(p.units);
        out.writeLong(p.count);
        out.writeLong(p.sum);
        out.writeLong(p.norm);
        out.writeLong(p.sq);
        if (p.hist != null) {
          for (long h : p.hist) {
            out.writeLong(h);
          }
        }
      }
      shards.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads bytes written by {@link #toBytes} into this (empty) accumulator, validating all. */
  void read(byte[] bytes, PartitionCodec<K> codec) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw malformed("bad magic number 0x" + Integer.toHexString(magic) + ", expected PVAG");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw malformed(
            "unsupported version "
                + version
                + ", expected "
                + VERSION
                + (version == 1
                    ? " (version 1 carried no shard ids, so a copy merged twice would go"
                        + " unnoticed: serialize the accumulator again)"
                    : ""));
      }
      String descriptor = in.readUTF();
      if (!descriptor.equals(plan.descriptor)) {
        throw malformed(
            "written for a different aggregation: ["
                + descriptor
                + "], expected ["
                + plan.descriptor
                + "]");
      }
      int n = in.readInt();
      if (n < 0) {
        throw malformed("negative partition count " + n);
      }
      for (int i = 0; i < n; i++) {
        int len = in.readInt();
        if (len < 0 || len > MAX_KEY_BYTES || len > in.available()) {
          throw malformed("partition " + i + ": key length " + len + " out of range");
        }
        byte[] keyBytes = in.readNBytes(len);
        K key;
        if (ungrouped) {
          if (len != 0) {
            throw malformed("partition " + i + ": an ungrouped aggregation has no partition keys");
          }
          key = BoundedAggregation.<K>total();
        } else {
          try {
            key = codec.decode(keyBytes);
          } catch (RuntimeException e) {
            throw malformed("partition " + i + ": undecodable key (" + e.getMessage() + ")");
          }
        }
        if (key == null) {
          throw malformed("partition " + i + ": key decoded to null");
        }
        PartitionState p = new PartitionState(plan);
        p.units = in.readLong();
        p.count = in.readLong();
        p.sum = in.readLong();
        p.norm = in.readLong();
        p.sq = in.readLong();
        if (p.hist != null) {
          for (int j = 0; j < p.hist.length; j++) {
            p.hist[j] = in.readLong();
          }
        }
        validate(i, p);
        if (closed.put(key, p) != null) {
          throw malformed("partition " + i + ": duplicate key " + key);
        }
      }
      String[] why = new String[1];
      ShardIds ids = ShardIds.read(in, why);
      if (ids == null) {
        throw malformed(why[0]);
      }
      shards = ids;
      if (in.available() > 0) {
        throw malformed(in.available() + " trailing bytes");
      }
    } catch (EOFException e) {
      throw malformed("truncated");
    } catch (IOException e) {
      throw malformed("unreadable (" + e.getMessage() + ")");
    }
  }

  void validate(int i, PartitionState p) {
    String where = "partition " + i + ": ";
    // count ≤ units·L∞ exactly (an integer division count / L∞ accepted up to L∞ − 1 more).
    long hi = Math.multiplyHigh(p.units, plan.linf);
    long maxCount = hi != 0 || p.units * plan.linf < 0 ? Long.MAX_VALUE : p.units * plan.linf;
    if (p.units < 1 || p.count < p.units || p.count > maxCount) {
      throw malformed(
          where
              + "inconsistent units="
              + p.units
              + ", count="
              + p.count
              + " (need 1 <= units <= count <= units*"
              + plan.linf
              + ")");
    }
    checkRange(where + "sum", p.sum, plan.wantSum, p.count, plan.minSumUnits, plan.maxSumUnits);
    checkRange(
        where + "normalized sum",
        p.norm,
        plan.wantNorm,
        p.count,
        plan.minNormUnits,
        plan.maxNormUnits);
    checkRange(where + "sum of squares", p.sq, plan.wantSq, p.count, 0, plan.maxSqUnits);
    if (p.hist != null) {
      long total = 0;
      for (long h : p.hist) {
        if (h < 0) {
          throw malformed(where + "negative histogram count " + h);
        }
        total += h;
      }
      if (total != p.count) {
        throw malformed(where + "histogram total " + total + " != count " + p.count);
      }
    }
  }

  private static void checkRange(
      String what, long v, boolean wanted, long count, long min, long max) {
    if (!wanted) {
      if (v != 0) {
        throw malformed(what + " must be 0 (not collected), got " + v);
      }
      return;
    }
    java.math.BigInteger c = java.math.BigInteger.valueOf(count);
    java.math.BigInteger x = java.math.BigInteger.valueOf(v);
    if (x.compareTo(c.multiply(java.math.BigInteger.valueOf(min))) < 0
        || x.compareTo(c.multiply(java.math.BigInteger.valueOf(max))) > 0) {
      throw malformed(what + " " + v + " outside [count*" + min + ", count*" + max + "]");
    }
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("malformed accumulator bytes: " + why);
  }

  Plan plan() {
    return plan;
  }

  Map<K, PartitionState> closedPartitions() {
    return closed;
  }

  /** Whether two accumulators hold the same closed state (for tests). */
  boolean sameStateAs(Accumulator<K> other) {
    if (closed.size() != other.closed.size()) {
      return false;
    }
    for (Map.Entry<K, PartitionState> e : closed.entrySet()) {
      PartitionState o = other.closed.get(e.getKey());
      if (o == null || !e.getValue().sameAs(o)) {
        return false;
      }
    }
    return true;
  }
}

package io.privacity.dp.aggregate;

import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
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
public final class Accumulator<K> extends RecordBuffer {
  private final Set<K> publicPartitions;
  private final boolean ungrouped;
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

  Accumulator(Plan plan, Set<K> publicPartitions, boolean ungrouped, Randomness randomness) {
    super(plan, randomness);
    this.publicPartitions = publicPartitions;
    this.ungrouped = ungrouped;
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
    closeOpenUnits();
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

  @Override
  void close(UnitState u) {
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
    return openUnits();
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
    return AccumulatorFormat.write(plan, ungrouped, closed, shards, codec);
  }

  /** Reads bytes written by {@link #toBytes} into this (empty) accumulator, validating all. */
  void read(byte[] bytes, PartitionCodec<K> codec) {
    shards = AccumulatorFormat.read(bytes, plan, ungrouped, codec, closed);
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

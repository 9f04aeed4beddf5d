package io.privacity.spark.internal;

/**
 * What one map task saw of one privacy unit: per partition key, the number of records seen and a
 * uniform sample of at most L∞ of their clamped values (a reservoir). Partials of one unit from
 * several map tasks are merged after the shuffle by unit ({@link UnitBounder}).
 */
final class UnitPartial {
  final Object unit;
  // Which map task (input partition) and which flush of it: fixes the merge order, so that a
  // recomputed task merges in the same order and draws the same choices.
  final int mapIndex;
  final int seq;
  final Object[] keys;
  final long[] seen;
  // Per key i, min(seen[i], L∞) values, key after key; null when the aggregation is count-only.
  final double[] values;

  UnitPartial(Object unit, int mapIndex, int seq, Object[] keys, long[] seen, double[] values) {
    this.unit = unit;
    this.mapIndex = mapIndex;
    this.seq = seq;
    this.keys = keys;
    this.seen = seen;
    this.values = values;
  }
}

package io.privacity.dp.aggregate;

/**
 * The exact, bounded pre-noise state of one partition: integer sums only, so merging is exact,
 * associative and commutative. Package-private; mutable, not thread-safe.
 */
final class PartitionState {
  long units;
  long count;
  long sum;
  long norm;
  long sq;
  long[] hist;

  PartitionState(Plan plan) {
    if (plan.wantHist) {
      hist = new long[Plan.HISTOGRAM_BUCKETS];
    }
  }

  void addValue(Plan plan, double clamped) {
    if (plan.wantSum) {
      sum = Math.addExact(sum, plan.sumUnits(clamped));
    }
    if (plan.wantNorm) {
      norm = Math.addExact(norm, plan.normUnits(clamped));
    }
    if (plan.wantSq) {
      sq = Math.addExact(sq, plan.sqUnits(clamped));
    }
    if (hist != null) {
      hist[plan.bucket(clamped)]++;
    }
  }

  /** Adds the first m kept values of a unit's slot (as {@link #addValue} on each, in one go). */
  void addValues(Plan plan, UnitState u, int slot, int m) {
    if (hist != null || plan.wantNorm || plan.wantSq) {
      for (int i = 0; i < m; i++) {
        addValue(plan, u.value(slot, i));
      }
      return;
    }
    if (u.packed) { // the sum-only case with the units already computed
      sum = Math.addExact(sum, u.keptSumUnits(slot)); // at most L∞ ints: no overflow
      return;
    }
    if (plan.wantSum) { // the common sum-only case: one overflow check per slot
      long s = 0;
      for (int i = 0; i < m; i++) {
        s += plan.sumUnits(u.value(slot, i)); // < 2^31 values of <= ~2^30 units: no overflow
      }
      sum = Math.addExact(sum, s);
    }
  }

  void merge(PartitionState o) {
    units = Math.addExact(units, o.units);
    count = Math.addExact(count, o.count);
    sum = Math.addExact(sum, o.sum);
    norm = Math.addExact(norm, o.norm);
    sq = Math.addExact(sq, o.sq);
    if (hist != null) {
      for (int i = 0; i < hist.length; i++) {
        hist[i] = Math.addExact(hist[i], o.hist[i]);
      }
    }
  }

  boolean sameAs(PartitionState o) {
    return units == o.units
        && count == o.count
        && sum == o.sum
        && norm == o.norm
        && sq == o.sq
        && java.util.Arrays.equals(hist, o.hist);
  }
}

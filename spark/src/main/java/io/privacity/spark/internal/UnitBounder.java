package io.privacity.spark.internal;

import io.privacity.core.random.Randomness;
import io.privacity.dp.aggregate.ReleaseKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Stage 2, after the shuffle by unit: every partial of a unit is in this task, so the unit is
 * bounded here, once, over all its records. Its partials are merged per partition key (uniform
 * reservoirs combined exactly: a hypergeometric split of the L∞ draws, then uniform subsets of each
 * side), a uniformly random subset of at most L0 of its partitions is kept, and the kept records
 * are added to this task's exact per-partition states, which leave the task for the shuffle by
 * partition key. All random choices of a unit come from that unit's keyed stream in an order fixed
 * by the data (partials by map task and flush, partitions by key), so a recomputed task bounds
 * every unit exactly as before.
 */
public final class UnitBounder
    implements Function2<
        Integer, Iterator<Tuple2<Object, Object>>, Iterator<Tuple2<Object, Object>>> {
  private static final long serialVersionUID = 1L;
  static final byte LABEL = 'u';
  private static final Comparator<UnitPartial> ORDER =
      Comparator.<UnitPartial>comparingInt(p -> p.mapIndex).thenComparingInt(p -> p.seq);

  private final ReleaseKernel kernel;
  private final ReleaseKey key;

  /**
   * Stage 2 of a release.
   *
   * @param kernel the aggregation's kernel
   * @param key the release key
   */
  public UnitBounder(ReleaseKernel kernel, ReleaseKey key) {
    this.kernel = kernel;
    this.key = key;
  }

  @Override
  public Iterator<Tuple2<Object, Object>> call(
      Integer index, Iterator<Tuple2<Object, Object>> partials) {
    HashMap<Object, Object> byUnit = new HashMap<>();
    while (partials.hasNext()) {
      UnitPartial p = (UnitPartial) partials.next()._2();
      Object prev = byUnit.putIfAbsent(p.unit, p);
      if (prev instanceof UnitPartial) {
        List<UnitPartial> list = new ArrayList<>();
        list.add((UnitPartial) prev);
        list.add(p);
        byUnit.put(p.unit, list);
      } else if (prev != null) {
        @SuppressWarnings("unchecked")
        List<UnitPartial> list = (List<UnitPartial>) prev;
        list.add(p);
      }
    }
    Task task = new Task();
    for (Map.Entry<Object, Object> e : byUnit.entrySet()) {
      task.bound(e.getKey(), e.getValue());
      e.setValue(null); // release the unit's records as soon as it is bounded
    }
    List<Tuple2<Object, Object>> out = new ArrayList<>(task.states.size());
    for (Map.Entry<Object, long[]> e : task.states.entrySet()) {
      out.add(new Tuple2<>(e.getKey(), e.getValue()));
    }
    return out.iterator();
  }

  /** A unit's merged records in one partition: seen, and a uniform sample of min(seen, L∞). */
  private static final class Reservoir {
    long seen;
    double[] values;
    int size;
  }

  private final class Task {
    final HashMap<Object, long[]> states = new HashMap<>();
    final int linf = kernel.maxContributionsPerPartition();
    final boolean values = kernel.needsValues();
    KeyedRandomness randomness;
    Object unit;
    // One unit's partitions while its partials are merged (reused from unit to unit).
    HashMap<Object, Reservoir> merged = new HashMap<>();
    final List<Object> order = new ArrayList<>();

    Randomness random() {
      if (randomness == null) {
        randomness = new KeyedRandomness(key);
      }
      if (unit != null) {
        randomness.rekey(Wire.label(LABEL, unit));
        unit = null;
      }
      return randomness;
    }

    void bound(Object unitKey, Object partials) {
      this.unit = unitKey; // the unit's stream is selected on its first draw only
      Object[] keys;
      long[] seen;
      double[] kept;
      if (partials instanceof UnitPartial) {
        UnitPartial p = (UnitPartial) partials;
        keys = p.keys;
        seen = p.seen;
        kept = p.values;
      } else {
        @SuppressWarnings("unchecked")
        List<UnitPartial> list = (List<UnitPartial>) partials;
        list.sort(ORDER);
        if (merged.size() > 256) {
          merged = new HashMap<>(); // clear() would walk a large table for every later unit
        }
        merged.clear();
        order.clear();
        for (UnitPartial p : list) {
          int at = 0;
          for (int i = 0; i < p.keys.length; i++) {
            int m = (int) Math.min(p.seen[i], linf);
            merge(p.keys[i], p.seen[i], p.values, at, m);
            at += m;
          }
        }
        keys = order.toArray();
        seen = new long[keys.length];
        int total = 0;
        for (int i = 0; i < keys.length; i++) {
          Reservoir r = merged.get(keys[i]);
          seen[i] = r.seen;
          total += r.size;
        }
        kept = values ? new double[total] : null;
        int at = 0;
        for (Object k : keys) {
          Reservoir r = merged.get(k);
          if (values) {
            System.arraycopy(r.values, 0, kept, at, r.size);
          }
          at += r.size;
        }
      }
      contribute(keys, seen, kept);
    }

    /** Adds a map task's sample of (seen, m values) of one partition to the unit's reservoir. */
    private void merge(Object k, long seen, double[] vals, int at, int m) {
      Reservoir r = merged.get(k);
      if (r == null) {
        r = new Reservoir();
        merged.put(k, r);
        order.add(k);
        r.values = values ? Arrays.copyOfRange(vals, at, at + m) : null;
        r.size = m;
        r.seen = seen;
        return;
      }
      long total = Math.addExact(r.seen, seen);
      if (total <= linf) { // everything is kept: no choice to make
        if (values) {
          r.values = Arrays.copyOf(r.values, r.size + m);
          System.arraycopy(vals, at, r.values, r.size, m);
        }
        r.size += m;
        r.seen = total;
        return;
      }
      // A uniform L∞-subset of the union of two sets of sizes n1 = r.seen and n2 = seen, given a
      // uniform sample of each: draw how many come from each side as L∞ draws without replacement
      // (hypergeometric), then a uniform subset of that size of each side's sample.
      int want = (int) Math.min(linf, total);
      long left1 = r.seen;
      long left2 = seen;
      int from1 = 0;
      Randomness rnd = random();
      for (int i = 0; i < want; i++) {
        if (rnd.nextLong(left1 + left2) < left1) {
          from1++;
          left1--;
        } else {
          left2--;
        }
      }
      if (values) {
        double[] out = new double[want];
        double[] a = Arrays.copyOf(r.values, r.size);
        double[] b = Arrays.copyOfRange(vals, at, at + m);
        pick(a, from1, rnd, out, 0);
        pick(b, want - from1, rnd, out, from1);
        r.values = out;
      }
      r.size = want;
      r.seen = total;
    }

    /** Copies a uniform k-subset of a (partial Fisher–Yates, in place) to out at offset. */
    private void pick(double[] a, int k, Randomness rnd, double[] out, int offset) {
      for (int i = 0; i < k; i++) {
        int j = i + rnd.nextInt(a.length - i);
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
        out[offset + i] = a[i];
      }
    }

    /** Keeps at most L0 of the unit's partitions and adds their kept records to the states. */
    private void contribute(Object[] keys, long[] seen, double[] kept) {
      int n = keys.length;
      int[] offsets = new int[n];
      int at = 0;
      for (int i = 0; i < n; i++) {
        offsets[i] = at;
        at += (int) Math.min(seen[i], linf);
      }
      int[] chosen;
      if (n <= kernel.maxPartitionsContributed()) {
        chosen = null;
      } else {
        // A uniform L0-subset, over the unit's partitions in key order (fixed by the data).
        Integer[] byKey = new Integer[n];
        Arrays.setAll(byKey, i -> i);
        Arrays.sort(byKey, (x, y) -> compareKeys(keys[x], keys[y]));
        int[] kept0 = kernel.keptPartitions(n, random());
        chosen = new int[kept0.length];
        for (int i = 0; i < kept0.length; i++) {
          chosen[i] = byKey[kept0[i]];
        }
      }
      int count = chosen == null ? n : chosen.length;
      for (int c = 0; c < count; c++) {
        int i = chosen == null ? c : chosen[c];
        long[] state = states.get(keys[i]);
        if (state == null) {
          state = kernel.newState();
          states.put(keys[i], state);
        }
        kernel.addUnit(state, (int) Math.min(seen[i], linf), kept, offsets[i]);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }
}

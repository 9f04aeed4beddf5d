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

  private final class Task {
    final HashMap<Object, long[]> states = new HashMap<>();
    final int linf = kernel.maxContributionsPerPartition();
    final boolean values = kernel.needsValues();
    KeyedRandomness randomness;
    Object unit;
    // One unit's merged partitions (reused from unit to unit): key, records seen, kept values (a
    // uniform sample of min(seen, L∞) in vals[off, off + kept), room for cap), the key's index.
    Object[] keys = new Object[32];
    long[] seen = new long[32];
    int[] kept = new int[32];
    int[] off = new int[32];
    int[] cap = new int[32];
    double[] vals = new double[256];
    int end;
    double[] scratch = new double[16];
    int size;
    HashMap<Object, Integer> index = new HashMap<>();

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
      if (partials instanceof UnitPartial) {
        UnitPartial p = (UnitPartial) partials;
        int[] offsets = new int[p.keys.length];
        int at = 0;
        for (int i = 0; i < p.keys.length; i++) {
          offsets[i] = at;
          at += (int) Math.min(p.seen[i], linf);
        }
        contribute(p.keys, p.seen, p.keys.length, p.values, offsets);
        return;
      }
      @SuppressWarnings("unchecked")
      List<UnitPartial> list = (List<UnitPartial>) partials;
      list.sort(ORDER);
      if (index.size() > 256) {
        index = new HashMap<>(); // clear() would walk a large table for every later unit
      }
      index.clear();
      size = 0;
      end = 0;
      for (UnitPartial p : list) {
        int at = 0;
        for (int i = 0; i < p.keys.length; i++) {
          int m = (int) Math.min(p.seen[i], linf);
          merge(p.keys[i], p.seen[i], p.values, at, m);
          at += m;
        }
      }
      contribute(keys, seen, size, values ? vals : null, off);
    }

    /** Adds a map task's sample (seen records, m kept values) of one partition to the unit's. */
    private void merge(Object k, long n2, double[] from, int at, int m) {
      Integer slot = index.get(k);
      if (slot == null) {
        int i = size++;
        if (i == keys.length) {
          keys = Arrays.copyOf(keys, 2 * i);
          seen = Arrays.copyOf(seen, 2 * i);
          kept = Arrays.copyOf(kept, 2 * i);
          off = Arrays.copyOf(off, 2 * i);
          cap = Arrays.copyOf(cap, 2 * i);
        }
        index.put(k, i);
        keys[i] = k;
        seen[i] = n2;
        kept[i] = m;
        if (values) {
          region(i, 0, Math.min(linf, Math.max(m, 4)));
          System.arraycopy(from, at, vals, off[i], m);
        }
        return;
      }
      int i = slot;
      long n1 = seen[i];
      long total = Math.addExact(n1, n2);
      if (total <= linf) { // everything is kept: no choice to make
        if (values) {
          if (kept[i] + m > cap[i]) {
            region(i, kept[i], Math.min(linf, Math.max(kept[i] + m, 2 * cap[i])));
          }
          System.arraycopy(from, at, vals, off[i] + kept[i], m);
        }
        kept[i] += m;
        seen[i] = total;
        return;
      }
      if (!values) { // count-only: the kept count is min(total, L∞), whichever records they are
        kept[i] = (int) Math.min(linf, total);
        seen[i] = total;
        return;
      }
      // A uniform L∞-subset of the union of two sets of sizes n1 and n2, given a uniform sample of
      // each: how many come from each side is drawn as L∞ draws without replacement
      // (hypergeometric), then a uniform subset of that size is taken from each side's sample.
      int want = (int) Math.min(linf, total);
      long left1 = n1;
      long left2 = n2;
      int from1 = 0;
      Randomness rnd = random();
      for (int d = 0; d < want; d++) {
        if (rnd.nextLong(left1 + left2) < left1) {
          from1++;
          left1--;
        } else {
          left2--;
        }
      }
      if (want > cap[i]) {
        region(i, kept[i], want);
      }
      pick(vals, off[i], kept[i], from1, rnd); // in place: the first from1 of the unit's sample
      if (scratch.length < m) {
        scratch = new double[m];
      }
      System.arraycopy(from, at, scratch, 0, m);
      pick(scratch, 0, m, want - from1, rnd);
      System.arraycopy(scratch, 0, vals, off[i] + from1, want - from1);
      kept[i] = want;
      seen[i] = total;
    }

    /**
     * Gives key i a region of the given capacity at the end of vals, moving its first n values
     * there (regions are freed when the next unit starts: at most half of vals is outgrown space).
     */
    private void region(int i, int n, int capacity) {
      if (end + capacity > vals.length) {
        vals = Arrays.copyOf(vals, Math.max(2 * vals.length, end + capacity));
      }
      System.arraycopy(vals, off[i], vals, end, n);
      off[i] = end;
      cap[i] = capacity;
      end += capacity;
    }

    /** Moves a uniform k-subset of a[off, off + n) to its front (partial Fisher–Yates). */
    private void pick(double[] a, int off, int n, int k, Randomness rnd) {
      for (int j = 0; j < k; j++) {
        int r = j + rnd.nextInt(n - j);
        double t = a[off + j];
        a[off + j] = a[off + r];
        a[off + r] = t;
      }
    }

    /** Keeps at most L0 of the unit's partitions and adds their kept records to the states. */
    private void contribute(Object[] keys, long[] seen, int n, double[] kept, int[] offsets) {
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

package io.privacity.dp.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's unit index (numeric unit ids numbered in order of first sight, dense small ids looked
 * up directly) keeps the old semantics: {@link UnitTable} agrees with a {@code HashMap}, and an
 * accumulator fed numeric unit ids (buffered, bucketed by unit index) reaches exactly the state of
 * one fed the same records with object unit ids (the unbuffered path, unchanged since before),
 * whenever the bounds do not bind (then no sampling happens and the state is exact).
 */
class UnitIndexProperties {
  /** Ids of one of several shapes: dense from 0, sparse, negative, huge, around the direct cap. */
  static long id(Random r, int shape) {
    switch (shape) {
      case 0:
        return r.nextInt(3000);
      case 1:
        return r.nextInt(3000) * 4099L;
      case 2:
        return -1 - r.nextInt(50);
      case 3:
        return r.nextBoolean() ? Long.MAX_VALUE - r.nextInt(5) : Long.MIN_VALUE + r.nextInt(5);
      case 4:
        return UnitTable.DIRECT_MAX - 3 + r.nextInt(6);
      default:
        return id(r, r.nextInt(5));
    }
  }

  @Property(tries = 200)
  void unitTable_agreesWithAHashMap(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int shape) {
    Random r = new Random(seed);
    UnitTable t = new UnitTable();
    Map<Long, Integer> ref = new HashMap<>();
    int n = 1 + r.nextInt(5000);
    for (int i = 0; i < n; i++) {
      // Sparse ids first, then the shape: ids hashed early may be covered later by the direct
      // array.
      long key = i < n / 3 ? id(r, 1) : id(r, shape);
      Integer known = ref.get(key);
      int next = ref.size();
      int got = t.indexOf(key, next);
      if (known == null) {
        ref.put(key, next);
        assertEquals(next, got, "new id " + key);
      } else {
        assertEquals(known, got, "id " + key);
      }
    }
    assertEquals(ref.size(), t.size());
    for (Map.Entry<Long, Integer> e : ref.entrySet()) {
      assertEquals(e.getValue(), t.indexOf(e.getKey(), -7), "id " + e.getKey());
    }
    t.clear();
    assertEquals(0, t.size());
    assertEquals(0, t.indexOf(5, 0));
  }

  @Test
  void sparseIdHashedFirst_staysTheSameUnit_whenTheDirectArrayGrowsOverIt() {
    UnitTable t = new UnitTable();
    // With no units yet, 200,000 is too sparse for the direct array: it is hashed.
    assertEquals(0, t.indexOf(200_000, 0));
    assertEquals(1, t.indexOf(Long.MAX_VALUE, 1));
    for (int i = 0; i < 10_000; i++) {
      assertEquals(2 + i, t.indexOf(i, 2 + i)); // dense: the direct array grows to 16,384
    }
    // Now 150,000 is dense enough: the direct array grows to 262,144 and takes 200,000 over.
    assertEquals(10_002, t.indexOf(150_000, 10_002));
    assertEquals(0, t.indexOf(200_000, -1));
    assertEquals(1, t.indexOf(Long.MAX_VALUE, -1));
    assertEquals(2 + 9_999, t.indexOf(9_999, -1));
    assertEquals(10_003, t.size());
  }

  /**
   * Two accumulators of one aggregation whose bounds never bind (L0 = 1,000 partitions, L∞ =
   * 100,000 records): one for numeric units, one for the same units as strings.
   */
  static final class Twin {
    final Accumulator<String> numeric;
    final Accumulator<String> objects;

    Twin() {
      BoundedAggregation<String> agg = AccumulatorProperties.aggregation(1000, 100_000, 1);
      numeric = agg.newAccumulator();
      objects = agg.newAccumulator();
    }
  }

  @Property(tries = 60)
  void numericUnits_reachTheStateOfObjectUnits_whenBoundsDoNotBind(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5) int shape,
      @ForAll @IntRange(min = 1, max = 3) int segments) {
    Random r = new Random(seed);
    Twin twin = new Twin();
    Accumulator<String> numeric = twin.numeric;
    Accumulator<String> objects = twin.objects;
    String[] keys = {"a", "b", "c", "d", "e", "f", "g"};
    for (int s = 0; s < segments; s++) {
      int n = r.nextInt(12_000); // past the 4,096 records that turn bucketing on
      for (int i = 0; i < n; i++) {
        long id = id(r, shape);
        String key = keys[r.nextInt(keys.length)];
        double v = r.nextDouble() * 30 - 7;
        switch (r.nextInt(3)) {
          case 0:
            numeric.addByUnitId(id, key, v);
            objects.add("L" + id, key, v);
            break;
          case 1:
            numeric.add(Long.valueOf(id), key, v); // the same unit as addByUnitId(id)
            objects.add("L" + id, key, v);
            break;
          default: // an Integer unit is another unit than the Long of the same value
            numeric.add((int) id, key, v);
            objects.add("I" + (int) id, key, v);
        }
      }
      assertEquals(objects.openUnitCount(), numeric.openUnitCount());
      // Closing between segments: later records of a unit are a new unit on both paths.
      numeric.closeUnits();
      objects.closeUnits();
    }
    assertTrue(numeric.sameStateAs(objects));
  }

  /**
   * Records in sweeps (every unit in id order, sweep after sweep, as meters report): the buffer is
   * a few runs of non-decreasing unit indexes, added bucket by bucket in place; from 64 runs on, it
   * is partitioned instead. Both must reach the state of object units when bounds do not bind.
   */
  @Property(tries = 40)
  void unitsInSweeps_reachTheStateOfObjectUnits(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 90) int sweeps,
      @ForAll @IntRange(min = 50, max = 3000) int unitsPerSweep) {
    Random r = new Random(seed);
    Twin twin = new Twin();
    Accumulator<String> numeric = twin.numeric;
    Accumulator<String> objects = twin.objects;
    String[] keys = {"a", "b", "c", "d", "e"};
    long offset = r.nextBoolean() ? 0 : 1L << 40; // dense (direct) or hashed ids
    for (int t = 0; t < sweeps; t++) {
      for (int m = 0; m < unitsPerSweep; m++) {
        if (r.nextInt(10) == 0) {
          continue; // a meter that did not report this time
        }
        int repeats = r.nextInt(20) == 0 ? 2 : 1; // two readings in a row
        for (int k = 0; k < repeats; k++) {
          String key = keys[(t + (m % 3 == 0 ? r.nextInt(5) : 0)) % keys.length];
          double v = r.nextDouble() * 30 - 7;
          numeric.addByUnitId(offset + m, key, v);
          objects.add("L" + (offset + m), key, v);
        }
      }
    }
    numeric.closeUnits();
    objects.closeUnits();
    assertTrue(numeric.sameStateAs(objects));
  }
}

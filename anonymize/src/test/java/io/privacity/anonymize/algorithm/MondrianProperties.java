package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.anonymize.model.TCloseness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random tables (numeric age, hierarchical region, a sensitive column), random k: the published
 * table passes the independent checks.
 */
class MondrianProperties {
  // region: 27 leaves "a0".."i2" under 9 groups "a".."i" under 3 super-groups under "*".
  private static final Hierarchy REGION = region();

  private static Hierarchy region() {
    List<List<String>> rows = new ArrayList<>();
    for (int g = 0; g < 9; g++) {
      for (int i = 0; i < 3; i++) {
        String group = String.valueOf((char) ('a' + g));
        rows.add(List.of(group + i, group, "S" + (g / 3), "*"));
      }
    }
    return Hierarchy.of(rows);
  }

  /** A table from a seed: deterministic per seed, so a failure is reproducible from the seed. */
  private static Table table(long seed, int n, int distinctAges, int diseases) {
    Random random = new Random(seed); // test data only, not privacy noise
    Table.Builder b = Table.builder("age", "region", "disease");
    for (int i = 0; i < n; i++) {
      b.addRow(
          Integer.toString(18 + random.nextInt(distinctAges)),
          REGION.values().get((int) Math.min(26, Math.abs(random.nextGaussian() * 8))),
          "d" + random.nextInt(diseases));
    }
    return b.build();
  }

  @Property(tries = 200)
  void everyClassHasAtLeastK_andNoRowIsLost(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 400) int n,
      @ForAll @IntRange(min = 1, max = 80) int distinctAges,
      @ForAll @IntRange(min = 2, max = 20) int k) {
    if (n < k) {
      return;
    }
    Table in = table(seed, n, distinctAges, 5);
    MondrianResult r =
        Mondrian.builder()
            .numeric("age")
            .hierarchical("region", REGION)
            .sensitive("disease")
            .k(k)
            .build()
            .anonymize(in);
    Table out = r.table();
    assertEquals(in.rowCount() - r.suppressedRows(), out.rowCount());
    assertNull(IndependentAnonymityCheck.kViolation(out, List.of("age", "region"), k));
    assertNull(IndependentAnonymityCheck.numericTruthViolation(in, out, "age"));
    assertNull(IndependentAnonymityCheck.hierarchyTruthViolation(in, out, "region", REGION));
    assertEquals(
        IndependentAnonymityCheck.classes(out, List.of("age", "region")).size(), r.classCount());
    assertEquals(n, Arrays.stream(r.classSizes()).sum());
    assertTrue(r.partitionCount() >= r.classCount());
    assertTrue(r.loss() >= 0 && r.loss() <= 1, "loss " + r.loss());
  }

  @Property(tries = 100)
  void minimality_noClassCouldBeCutInHalfByAge(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 10) int k) {
    // Strict Mondrian stops only when no median cut is allowable: a class of at least 2k rows
    // with at least two ages could still be cut by age at its median, unless ties prevent it.
    Table in = table(seed, 300, 60, 5);
    MondrianResult r = Mondrian.builder().numeric("age").k(k).build().anonymize(in);
    for (List<Integer> rows :
        IndependentAnonymityCheck.classes(r.table(), List.of("age")).values()) {
      int[] ages =
          rows.stream().mapToInt(i -> Integer.parseInt(in.value(i, "age"))).sorted().toArray();
      int size = ages.length;
      // the best cut between distinct ages: maximal smaller side
      int best = 0;
      for (int i = 1; i < size; i++) {
        if (ages[i] != ages[i - 1]) {
          best = Math.max(best, Math.min(i, size - i));
        }
      }
      // Mondrian takes the cut nearest the median, which maximizes the smaller side; so if that
      // side would have k rows the class would have been cut.
      assertTrue(best < k, "class of " + size + " ages " + Arrays.toString(ages) + " was not cut");
    }
  }

  @Property(tries = 100)
  void distinctL_andT_holdInEveryClass(
      @ForAll long seed,
      @ForAll @IntRange(min = 50, max = 400) int n,
      @ForAll @IntRange(min = 2, max = 8) int k,
      @ForAll @IntRange(min = 2, max = 4) int l) {
    Table in = table(seed, n, 50, 6);
    int distinctDiseases = IndependentAnonymityCheck.classes(in, List.of("disease")).size();
    if (distinctDiseases < l) {
      return;
    }
    MondrianResult r =
        Mondrian.builder()
            .numeric("age")
            .hierarchical("region", REGION)
            .sensitive("disease")
            .k(k)
            .model(LDiversity.distinct("disease", l))
            .model(TCloseness.equalDistance("disease", 0.4))
            .build()
            .anonymize(in);
    List<String> qis = List.of("age", "region");
    assertNull(IndependentAnonymityCheck.kViolation(r.table(), qis, k));
    assertNull(IndependentAnonymityCheck.lViolation(r.table(), qis, "disease", l));
    assertNull(IndependentAnonymityCheck.tViolation(r.table(), qis, "disease", 0.4));
  }
}

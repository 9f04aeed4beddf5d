package io.privacity.anonymize.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrivacyModelTest {
  private static final Hierarchy TWO_LEVELS = Hierarchy.of(List.of(List.of("a", "*")));

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of("k = 1", (Executable) () -> KAnonymity.of(1), "k must be in [2, "),
        Arguments.of("k = 0", (Executable) () -> KAnonymity.of(0), "got 0"),
        Arguments.of("k < 0", (Executable) () -> KAnonymity.of(-5), "got -5"),
        Arguments.of("distinct l = 1", (Executable) () -> LDiversity.distinct("s", 1), "l must"),
        Arguments.of("entropy l = 1.5", (Executable) () -> LDiversity.entropy("s", 1.5), "1.5"),
        Arguments.of(
            "entropy l NaN", (Executable) () -> LDiversity.entropy("s", Double.NaN), "NaN"),
        Arguments.of(
            "entropy l infinite",
            (Executable) () -> LDiversity.entropy("s", Double.POSITIVE_INFINITY),
            "Infinity"),
        Arguments.of(
            "recursive l = 1", (Executable) () -> LDiversity.recursive("s", 2, 1), "l must"),
        Arguments.of(
            "recursive c = 0", (Executable) () -> LDiversity.recursive("s", 0, 2), "c must"),
        Arguments.of(
            "recursive c NaN",
            (Executable) () -> LDiversity.recursive("s", Double.NaN, 2),
            "c must"),
        Arguments.of(
            "blank attribute", (Executable) () -> LDiversity.distinct(" ", 2), "attribute"),
        Arguments.of(
            "null attribute", (Executable) () -> TCloseness.equalDistance(null, 0.2), "attribute"),
        Arguments.of(
            "t = 0", (Executable) () -> TCloseness.equalDistance("s", 0), "t must be in (0, 1]"),
        Arguments.of("t < 0", (Executable) () -> TCloseness.ordered("s", -0.1), "-0.1"),
        Arguments.of("t > 1", (Executable) () -> TCloseness.equalDistance("s", 1.0001), "1.0001"),
        Arguments.of("t NaN", (Executable) () -> TCloseness.equalDistance("s", Double.NaN), "NaN"),
        Arguments.of(
            "t infinite",
            (Executable) () -> TCloseness.hierarchical("s", TWO_LEVELS, Double.POSITIVE_INFINITY),
            "Infinity"),
        Arguments.of(
            "one-level hierarchy",
            (Executable)
                () -> TCloseness.hierarchical("s", Hierarchy.of(List.of(List.of("a"))), 0.2),
            "at least 2 levels"),
        Arguments.of(
            "null hierarchy",
            (Executable) () -> TCloseness.hierarchical("s", null, 0.2),
            "hierarchy"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badParameters")
  void badParameter_throwsNamingIt(String name, Executable call, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private static Histogram h(int... countsByCode) {
    int n = 0;
    for (int c : countsByCode) {
      n += c > 0 ? 1 : 0;
    }
    int[] codes = new int[n];
    int[] counts = new int[n];
    int i = 0;
    for (int code = 0; code < countsByCode.length; code++) {
      if (countsByCode[code] > 0) {
        codes[i] = code;
        counts[i++] = countsByCode[code];
      }
    }
    return Histogram.of(codes, counts);
  }

  private static Table table(String... sensitive) {
    Table.Builder b = Table.builder("s");
    for (String s : sensitive) {
      b.addRow(s);
    }
    return b.build();
  }

  @Test
  void kAnonymity() {
    ClassCriterion c = KAnonymity.of(3).bind(table("a"));
    assertTrue(c.isSatisfiedBy(3, null));
    assertFalse(c.isSatisfiedBy(2, null));
    assertEquals(3, KAnonymity.of(3).minimalClassSize());
    assertTrue(KAnonymity.of(3).isMonotoneWithSuppression());
    assertEquals("3-anonymity", KAnonymity.of(3).toString());
  }

  @Test
  void distinctL() {
    ClassCriterion c = LDiversity.distinct("s", 2).bind(table("a", "b"));
    assertTrue(c.isSatisfiedBy(5, h(4, 1)));
    assertFalse(c.isSatisfiedBy(5, h(5)));
    assertTrue(LDiversity.distinct("s", 2).isMonotoneWithSuppression());
  }

  @Test
  void entropyL() {
    ClassCriterion c = LDiversity.entropy("s", 2).bind(table("a", "b", "c"));
    assertTrue(c.isSatisfiedBy(4, h(2, 2)), "entropy exactly ln 2 satisfies entropy-2");
    assertFalse(c.isSatisfiedBy(5, h(4, 1)));
    assertTrue(c.isSatisfiedBy(6, h(3, 2, 1)));
    assertFalse(LDiversity.entropy("s", 2).isMonotoneWithSuppression());
  }

  @Test
  void recursiveCL() {
    // Counts 5, 3, 2 with l = 2: 5 < c * (3 + 2) holds for c = 2 (10), fails for c = 1 (5).
    ClassCriterion c2 = LDiversity.recursive("s", 2, 2).bind(table("a", "b", "c"));
    ClassCriterion c1 = LDiversity.recursive("s", 1, 2).bind(table("a", "b", "c"));
    assertTrue(c2.isSatisfiedBy(10, h(5, 3, 2)));
    assertFalse(c1.isSatisfiedBy(10, h(5, 3, 2)));
    ClassCriterion l3 = LDiversity.recursive("s", 3, 3).bind(table("a", "b", "c"));
    assertFalse(l3.isSatisfiedBy(5, h(4, 1)), "fewer than l values");
    assertTrue(l3.isSatisfiedBy(10, h(5, 3, 2)), "5 < 3 * 2");
  }

  @Test
  void bind_unknownSensitiveColumn_throwsNamingIt() {
    for (PrivacyModel m :
        List.of(
            LDiversity.distinct("salary", 2),
            LDiversity.entropy("salary", 2),
            TCloseness.equalDistance("salary", 0.2),
            TCloseness.ordered("salary", 0.2),
            TCloseness.hierarchical("salary", TWO_LEVELS, 0.2))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> m.bind(table("a")));
      assertTrue(e.getMessage().contains("'salary'"), m + ": " + e.getMessage());
    }
  }

  @Test
  void tCloseness_valueMissingFromHierarchy_throwsNamingColumnAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TCloseness.hierarchical("s", TWO_LEVELS, 0.2).bind(table("a", "zz")));
    assertTrue(e.getMessage().contains("column 's'"), e.getMessage());
    assertTrue(e.getMessage().contains("\"zz\""), e.getMessage());
  }

  /** The salary example of Li, Li and Venkatasubramanian (ICDE 2007), Section 4. */
  @Test
  void tCloseness_orderedDistance_paperExample() {
    Table.Builder b = Table.builder("s").type("s", io.privacity.anonymize.data.ColumnType.INTEGER);
    for (int k = 3; k <= 11; k++) {
      b.addRow(Integer.toString(k));
    }
    Table salaries = b.build();
    TCloseness t = TCloseness.ordered("s", 0.5);
    // An INTEGER column orders its codes numerically: 3k .. 11k.
    int[] p1 = codes(salaries, "3", "4", "5");
    int[] p2 = codes(salaries, "6", "8", "11");
    assertEquals(0.375, t.distance(salaries, Histogram.of(p1, new int[] {1, 1, 1})), 1e-12);
    assertEquals(
        0.1666666666666667, t.distance(salaries, Histogram.of(p2, new int[] {1, 1, 1})), 1e-12);
  }

  private static int[] codes(Table t, String... values) {
    int[] codes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = t.column("s").codeOf(values[i]);
    }
    java.util.Arrays.sort(codes);
    return codes;
  }

  @Test
  void histogram_badInput_throws() {
    assertThrows(IllegalArgumentException.class, () -> Histogram.of(new int[] {1}, new int[] {}));
    assertThrows(
        IllegalArgumentException.class, () -> Histogram.of(new int[] {2, 1}, new int[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> Histogram.of(new int[] {0}, new int[] {0}));
    assertThrows(IllegalArgumentException.class, () -> Histogram.of(new int[] {-1}, new int[] {1}));
  }

  @Test
  void monotonicityFlags() {
    assertFalse(TCloseness.equalDistance("s", 0.2).isMonotoneWithSuppression());
    assertFalse(LDiversity.recursive("s", 2, 2).isMonotoneWithSuppression());
    assertEquals(3, LDiversity.distinct("s", 3).minimalClassSize());
    assertEquals(1, TCloseness.ordered("s", 0.3).minimalClassSize());
  }
}

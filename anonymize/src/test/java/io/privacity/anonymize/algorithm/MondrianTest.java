package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.anonymize.model.TCloseness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MondrianTest {
  private static final Hierarchy ZIP =
      Hierarchy.of(
          List.of(
              List.of("94107", "9410*", "941**", "*"),
              List.of("94109", "9410*", "941**", "*"),
              List.of("94110", "9411*", "941**", "*"),
              List.of("94111", "9411*", "941**", "*"),
              List.of("95113", "9511*", "951**", "*")));

  private static Table people() {
    return table(
        String.join(
            "\n",
            "name;age;zip;disease",
            "Ann;23;94107;flu",
            "Bob;25;94109;cold",
            "Cid;27;94107;flu",
            "Dan;31;94110;asthma",
            "Eve;35;94111;flu",
            "Fay;36;94110;cold",
            "Gus;52;95113;cancer",
            "Hal;55;95113;flu",
            "Ivy;58;95113;cold",
            "Jon;61;94111;asthma"));
  }

  /** A ';'-separated table with a header line (no quoting needed in these tests). */
  static Table table(String text) {
    String[] lines = text.split("\n");
    Table.Builder b = Table.builder(lines[0].split(";", -1));
    for (int i = 1; i < lines.length; i++) {
      b.addRow(lines[i].split(";", -1));
    }
    return b.build();
  }

  private static Mondrian.Builder base(int k) {
    return Mondrian.builder().numeric("age").hierarchical("zip", ZIP).sensitive("disease").k(k);
  }

  @Test
  void smallTable_k2_everyClassHasTwo_andValuesAreTruthful() {
    Table in = people();
    MondrianResult r = base(2).build().anonymize(in);
    Table out = r.table();
    assertEquals(List.of("age", "zip", "disease"), out.columnNames(), "name is dropped");
    assertEquals(10, out.rowCount());
    assertNull(IndependentAnonymityCheck.kViolation(out, List.of("age", "zip"), 2));
    assertNull(IndependentAnonymityCheck.numericTruthViolation(in, out, "age"));
    assertNull(IndependentAnonymityCheck.hierarchyTruthViolation(in, out, "zip", ZIP));
    for (int row = 0; row < 10; row++) {
      assertEquals(in.value(row, "disease"), out.value(row, "disease"));
    }
    assertTrue(r.partitionCount() >= r.classCount());
    assertTrue(r.classCount() >= 3, "10 rows with k = 2 should give several classes: " + r);
    assertEquals(0, r.suppressedRows());
    assertTrue(r.loss() > 0 && r.loss() < 1, "loss " + r.loss());
    assertEquals(
        10,
        r.classSizeHistogram().entrySet().stream().mapToInt(e -> e.getKey() * e.getValue()).sum());
  }

  @Test
  void largeK_givesOneClass_fullyGeneralized() {
    MondrianResult r = base(10).build().anonymize(people());
    assertEquals(1, r.classCount());
    assertEquals("[23, 61]", r.table().value(0, "age"));
    assertEquals("*", r.table().value(0, "zip"));
    assertEquals(1.0, r.loss(), 1e-12);
  }

  @Test
  void hierarchicalCut_keepsWholeSubtrees() {
    // k = 3 on zip alone: 941** (7 rows) and 95113 (3 rows) is the only first cut; 941** splits
    // into
    // 9410* (3) and 9411* (4).
    MondrianResult r = Mondrian.builder().hierarchical("zip", ZIP).k(3).build().anonymize(people());
    assertEquals(
        Map.of(List.of("9410*"), 3, List.of("9411*"), 4, List.of("95113"), 3),
        sizes(r.table(), List.of("zip")));
  }

  @Test
  void setOutput_listsTheClassValues() {
    MondrianResult r =
        Mondrian.builder()
            .hierarchical("zip", ZIP)
            .k(3)
            .categoricalOutput(Mondrian.CategoricalOutput.SET)
            .build()
            .anonymize(people());
    assertEquals(
        Map.of(List.of("{94107, 94109}"), 3, List.of("{94110, 94111}"), 4, List.of("95113"), 3),
        sizes(r.table(), List.of("zip")));
  }

  @Test
  void distinctL_everyClassHasLValues() {
    Table in = people();
    MondrianResult r = base(2).model(LDiversity.distinct("disease", 3)).build().anonymize(in);
    assertNull(IndependentAnonymityCheck.kViolation(r.table(), List.of("age", "zip"), 2));
    assertNull(
        IndependentAnonymityCheck.lViolation(r.table(), List.of("age", "zip"), "disease", 3));
  }

  @Test
  void tCloseness_everyClassIsClose() {
    MondrianResult r =
        base(2).model(TCloseness.equalDistance("disease", 0.5)).build().anonymize(people());
    assertNull(
        IndependentAnonymityCheck.tViolation(r.table(), List.of("age", "zip"), "disease", 0.5));
  }

  @Test
  void progress_reachesOne() {
    double[] last = {0};
    base(2).progress(f -> last[0] = f).build().anonymize(people());
    assertEquals(1.0, last[0], 0.0);
  }

  @Test
  void insensitiveColumn_isKept() {
    Table out = base(2).insensitive("name").build().anonymize(people()).table();
    assertEquals(List.of("name", "age", "zip", "disease"), out.columnNames());
  }

  // ---- bad input, enumerated ----

  @ParameterizedTest(name = "k = {0} throws")
  @ValueSource(ints = {1, 0, -1, Integer.MIN_VALUE})
  void k_belowTwo_throws(int k) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Mondrian.builder().k(k));
    assertEquals("k must be in [2, 2147483647], got " + k, e.getMessage());
  }

  @Test
  void model_null_throws() {
    assertThrows(IllegalArgumentException.class, () -> Mondrian.builder().model(null));
  }

  @Test
  void modelSensitiveAttribute_declaredAsQuasiIdentifier_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Mondrian.builder().numeric("age").model(LDiversity.distinct("age", 2)));
  }

  @Test
  void kLargerThanTable_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> base(11).build().anonymize(people()));
    assertEquals("table must have at least k = 11 rows, got 10", e.getMessage());
  }

  @Test
  void unknownColumn_throwsNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mondrian.builder().numeric("height").k(2).build().anonymize(people()));
    assertTrue(e.getMessage().contains("'height'"), e.getMessage());
  }

  @Test
  void valueMissingFromHierarchy_throwsNamingRow_notTheValue() {
    Hierarchy partial = Hierarchy.of(List.of(List.of("94107", "*"), List.of("94109", "*")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mondrian.builder().hierarchical("zip", partial).k(2).build().anonymize(people()));
    assertTrue(
        e.getMessage().startsWith("column 'zip' row 4: the value is not in the column's hierarchy"),
        e.getMessage());
    assertFalse(e.getMessage().contains("94110"), e.getMessage());
  }

  @Test
  void nonNumericNumericColumn_throwsNamingRow_notTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mondrian.builder().numeric("disease").k(2).build().anonymize(people()));
    assertTrue(
        e.getMessage().startsWith("column 'disease' row 1: the value is not a number"),
        e.getMessage());
    assertFalse(e.getMessage().contains("flu"), e.getMessage());
  }

  @Test
  void lImpossible_failsClosed() {
    assertThrows(
        AnonymizationFailedException.class,
        () -> base(2).model(LDiversity.distinct("disease", 5)).build().anonymize(people()));
  }

  @Test
  void builder_misuse_throws() {
    assertThrows(IllegalStateException.class, () -> Mondrian.builder().numeric("age").build());
    assertThrows(IllegalStateException.class, () -> Mondrian.builder().k(2).build());
    assertThrows(
        IllegalArgumentException.class, () -> Mondrian.builder().numeric("age").numeric("age"));
    assertThrows(
        IllegalArgumentException.class, () -> Mondrian.builder().sensitive("a").sensitive("a"));
    assertThrows(IllegalArgumentException.class, () -> Mondrian.builder().numeric(" "));
    assertThrows(IllegalArgumentException.class, () -> Mondrian.builder().numeric(null));
    assertThrows(IllegalArgumentException.class, () -> Mondrian.builder().hierarchical("z", null));
    assertThrows(IllegalArgumentException.class, () -> Mondrian.builder().categoricalOutput(null));
    assertThrows(IllegalArgumentException.class, () -> base(2).build().anonymize(null));
  }

  private static Map<List<String>, Integer> sizes(Table t, List<String> qis) {
    Map<List<String>, Integer> out = new java.util.HashMap<>();
    IndependentAnonymityCheck.classes(t, qis).forEach((key, rows) -> out.put(key, rows.size()));
    return out;
  }
}

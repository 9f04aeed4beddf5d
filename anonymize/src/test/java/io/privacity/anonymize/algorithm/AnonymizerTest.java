package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.IndependentChecker;
import io.privacity.anonymize.data.AttributeRole;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchies;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.model.KAnonymity;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.anonymize.model.TCloseness;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnonymizerTest {
  private static final Table PATIENTS =
      Table.builder("name", "age", "zip", "diagnosis")
          .addRow("ann", "34", "94110", "flu")
          .addRow("bob", "36", "94117", "cold")
          .addRow("cy", "38", "94110", "asthma")
          .addRow("dee", "45", "94703", "flu")
          .addRow("eve", "47", "94705", "cold")
          .addRow("fay", "41", "94703", "asthma")
          .addRow("gus", "22", "94110", "flu")
          .build();

  private static Hierarchy age() {
    return Hierarchies.intervals(PATIENTS.column("age").dictionary(), 10, 20);
  }

  private static Hierarchy zip() {
    return Hierarchies.masking(PATIENTS.column("zip").dictionary());
  }

  private static Anonymizer.Builder base() {
    return Anonymizer.builder().identifying("name").qi("age", age()).qi("zip", zip());
  }

  static Stream<Arguments> badInputs() {
    Table empty = Table.builder("name", "age", "zip", "diagnosis").build();
    Hierarchy ageTo40 = Hierarchies.intervals(List.of("34", "36", "38"), 10);
    return Stream.of(
        Arguments.of("k < 2", (Executable) () -> base().model(KAnonymity.of(1)), "k must be in [2"),
        Arguments.of(
            "l < 2", (Executable) () -> LDiversity.distinct("diagnosis", 1), "l must be in [2"),
        Arguments.of(
            "t outside (0, 1]",
            (Executable) () -> TCloseness.equalDistance("diagnosis", 1.5),
            "t must be in (0, 1], got 1.5"),
        Arguments.of(
            "suppression < 0",
            (Executable) () -> base().suppressionLimit(-0.01),
            "suppressionLimit must be in [0, 1], got -0.01"),
        Arguments.of(
            "suppression > 1",
            (Executable) () -> base().suppressionLimit(1.5),
            "suppressionLimit must be in [0, 1], got 1.5"),
        Arguments.of(
            "suppression NaN", (Executable) () -> base().suppressionLimit(Double.NaN), "got NaN"),
        Arguments.of(
            "unknown quasi-identifier column",
            (Executable)
                () ->
                    base().qi("height", age()).model(KAnonymity.of(2)).build().anonymize(PATIENTS),
            "unknown column 'height'"),
        Arguments.of(
            "unknown sensitive column",
            (Executable)
                () -> base().model(LDiversity.distinct("salary", 2)).build().anonymize(PATIENTS),
            "unknown column 'salary'"),
        Arguments.of(
            "empty table",
            (Executable) () -> base().model(KAnonymity.of(2)).build().anonymize(empty),
            "table must have at least one row"),
        Arguments.of(
            "value missing from hierarchy",
            (Executable)
                () ->
                    Anonymizer.builder()
                        .qi("age", ageTo40)
                        .model(KAnonymity.of(2))
                        .build()
                        .anonymize(PATIENTS),
            "column 'age' row 7: the value is not in the column's hierarchy"),
        Arguments.of(
            "no quasi-identifier",
            (Executable) () -> Anonymizer.builder().model(KAnonymity.of(2)).build(),
            "at least one quasi-identifier"),
        Arguments.of("no model", (Executable) () -> base().build(), "at least one privacy model"),
        Arguments.of(
            "two roles for one column",
            (Executable) () -> base().sensitive("age"),
            "column 'age' already has the role QUASI_IDENTIFYING"),
        Arguments.of(
            "model's sensitive attribute with another role",
            (Executable)
                () ->
                    base()
                        .insensitive("diagnosis")
                        .model(LDiversity.distinct("diagnosis", 2))
                        .build(),
            "column 'diagnosis' is the sensitive attribute"),
        Arguments.of(
            "default role quasi-identifying",
            (Executable) () -> base().defaultRole(AttributeRole.QUASI_IDENTIFYING),
            "defaultRole must be"),
        Arguments.of(
            "null hierarchy",
            (Executable) () -> base().qi("x", null),
            "hierarchy must not be null"),
        Arguments.of("null model", (Executable) () -> base().model(null), "model must not be null"),
        Arguments.of(
            "null metric", (Executable) () -> base().metric(null), "metric must not be null"),
        Arguments.of("blank column", (Executable) () -> base().insensitive(" "), "column must be"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInput_throwsWithClearMessage(String name, Executable call, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), name + ": " + e.getMessage());
  }

  @Test
  void anonymize_kAndL_releasesOnlySatisfyingClasses() {
    AnonymizationResult r =
        base()
            .model(KAnonymity.of(2))
            .model(LDiversity.distinct("diagnosis", 2))
            .suppressionLimit(0.2)
            .build()
            .anonymize(PATIENTS);
    assertEquals(List.of("age", "zip", "diagnosis"), r.table().columnNames());
    assertTrue(r.suppressedRows().length <= 1);
    IndependentChecker.verify(
        r.table(),
        List.of("age", "zip"),
        "diagnosis",
        List.of(IndependentChecker.k(2), IndependentChecker.distinctL(2)));
    int total = 0;
    for (EquivalenceClass c : r.classes()) {
      total += c.size();
      for (int row : c.rows()) {
        assertEquals(c.quasiIdentifiers().get(0), r.table().value(row, "age"));
        assertEquals(c.quasiIdentifiers().get(1), r.table().value(row, "zip"));
      }
    }
    assertEquals(r.table().rowCount(), total);
    assertEquals(
        Metrics.loss().evaluate(r.partition()), r.informationLoss(), 0, "metric of the partition");
    assertTrue(r.riskAfter().prosecutorHighestRisk() <= 0.5);
    assertEquals(1.0, r.riskBefore().prosecutorHighestRisk());
    assertTrue(r.isAnonymous());
    assertTrue(r.toString().contains("levels="));
  }

  @Test
  void roles_identifyingAndUnnamedColumnsAreRemoved_insensitiveKept() {
    AnonymizationResult removed =
        Anonymizer.builder().qi("age", age()).model(KAnonymity.of(2)).build().anonymize(PATIENTS);
    assertEquals(List.of("age"), removed.table().columnNames());
    Anonymizer keep =
        Anonymizer.builder()
            .qi("age", age())
            .identifying("name")
            .defaultRole(AttributeRole.INSENSITIVE)
            .model(KAnonymity.of(2))
            .build();
    assertEquals(
        List.of("age", "zip", "diagnosis"), keep.anonymize(PATIENTS).table().columnNames());
    assertEquals(AttributeRole.INSENSITIVE, keep.roleOf("zip"));
    assertEquals(AttributeRole.IDENTIFYING, keep.roleOf("name"));
  }

  @Test
  void impossibleModel_failsClosed() {
    AnonymizationFailedException e =
        assertThrows(
            AnonymizationFailedException.class,
            () -> base().model(LDiversity.distinct("diagnosis", 4)).build().anonymize(PATIENTS));
    assertTrue(e.getMessage().contains("distinct-4-diversity"), e.getMessage());
  }

  @Test
  void transform_appliesGivenLevels() {
    Anonymizer a = base().model(KAnonymity.of(2)).build();
    AnonymizationResult r = a.transform(PATIENTS, Map.of("age", 3, "zip", 5));
    assertEquals(1, r.classes().size());
    assertEquals(List.of("*", "*"), r.classes().get(0).quasiIdentifiers());
    assertTrue(r.isAnonymous());
    AnonymizationResult raw = a.transform(PATIENTS, Map.of("age", 0, "zip", 0));
    assertFalse(raw.isAnonymous(), "every original class is unique: all suppressed");
    assertEquals(0, raw.table().rowCount());
    assertEquals(7, raw.suppressedRows().length);
    assertThrows(IllegalStateException.class, raw::riskAfter);
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> a.transform(PATIENTS, Map.of("age", 1)));
    assertTrue(missing.getMessage().contains("'zip'"), missing.getMessage());
    IllegalArgumentException range =
        assertThrows(
            IllegalArgumentException.class,
            () -> a.transform(PATIENTS, Map.of("age", 4, "zip", 0)));
    assertTrue(
        range.getMessage().contains("level of 'age' must be in [0, 3], got 4"), range.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> a.transform(PATIENTS, Map.of("age", 1, "zip", 1, "name", 0)));
  }
}

package io.privacity.anonymize.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.IndependentChecker;
import io.privacity.anonymize.data.Csv;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.metric.ReidentificationRisk;
import io.privacity.anonymize.model.KAnonymity;
import io.privacity.anonymize.model.LDiversity;
import io.privacity.anonymize.model.TCloseness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance on the UCI Adult data set with the ARX hierarchies (the standard k-anonymity
 * benchmark). Prints levels, loss, lattice statistics and wall-clock time for the README; the times
 * are reported, never asserted.
 */
class AdultAcceptanceTest {
  private static final Path DIR = Path.of("../examples/data/adult");
  private static Table adult;

  @BeforeAll
  static void load() {
    adult = Csv.read(DIR.resolve("adult.csv"), ';');
  }

  private static Hierarchy hierarchy(String column) {
    return Hierarchy.fromCsv(DIR.resolve("adult_hierarchy_" + column + ".csv"), ';');
  }

  private static void report(String what, AnonymizationResult r, long nanos) {
    ReidentificationRisk before = r.riskBefore();
    ReidentificationRisk after = r.riskAfter();
    System.out.printf(
        Locale.ROOT,
        "ADULT %s: levels=%s %s=%.6f classes=%d suppressed=%d checked=%d/%d nodes time=%.0f ms;"
            + " prosecutor highest risk %.4f -> %.4f, average %.4f -> %.4f,"
            + " records at risk > 0.2: %.4f -> %.4f%n",
        what,
        r.levels(),
        r.metric().name(),
        r.informationLoss(),
        r.classes().size(),
        r.suppressedRows().length,
        r.checkedNodes(),
        r.latticeSize(),
        nanos / 1e6,
        before.prosecutorHighestRisk(),
        after.prosecutorHighestRisk(),
        before.prosecutorAverageRisk(),
        after.prosecutorAverageRisk(),
        before.prosecutorRecordsAtRisk(0.2),
        after.prosecutorRecordsAtRisk(0.2));
  }

  @Test
  void nineQuasiIdentifiers_k5_noSuppression_isOptimalAndFiveAnonymous() {
    Anonymizer.Builder b = Anonymizer.builder();
    for (String c : adult.columnNames()) {
      b.quasiIdentifier(c, hierarchy(c));
    }
    Anonymizer anonymizer =
        b.model(KAnonymity.of(5)).suppressionLimit(0).metric(Metrics.loss()).build();
    long t0 = System.nanoTime();
    AnonymizationResult r = anonymizer.anonymize(adult);
    long nanos = System.nanoTime() - t0;
    report("9 QIs, k=5, 0% suppression", r, nanos);

    assertEquals(12_960, r.latticeSize());
    assertEquals(0, r.suppressedRows().length);
    assertEquals(adult.rowCount(), r.table().rowCount());
    List<String> qis = adult.columnNames();
    IndependentChecker.verify(r.table(), qis, null, List.of(IndependentChecker.k(5)));
    assertTrue(r.riskAfter().prosecutorHighestRisk() <= 1.0 / 5);
    // Every output value is the input value generalized to the reported level.
    for (int row = 0; row < r.table().rowCount(); row += 997) {
      for (String c : qis) {
        assertEquals(
            hierarchy(c).generalize(adult.value(r.sourceRow(row), c), r.levels().get(c)),
            r.table().value(row, c));
      }
    }
  }

  @Test
  void nineQuasiIdentifiers_k5_fivePercentSuppression_isFiveAnonymous() {
    Anonymizer.Builder b = Anonymizer.builder();
    for (String c : adult.columnNames()) {
      b.quasiIdentifier(c, hierarchy(c));
    }
    Anonymizer anonymizer =
        b.model(KAnonymity.of(5)).suppressionLimit(0.05).metric(Metrics.loss()).build();
    long t0 = System.nanoTime();
    AnonymizationResult r = anonymizer.anonymize(adult);
    long nanos = System.nanoTime() - t0;
    report("9 QIs, k=5, 5% suppression", r, nanos);

    assertTrue(r.suppressedRows().length <= Math.floor(0.05 * adult.rowCount()));
    IndependentChecker.verify(
        r.table(), adult.columnNames(), null, List.of(IndependentChecker.k(5)));
  }

  @Test
  void eightQuasiIdentifiers_salarySensitive_kAndLAndT_withSuppression() {
    List<String> qis = new ArrayList<>(adult.columnNames());
    qis.remove("salary-class");
    Anonymizer.Builder b = Anonymizer.builder();
    for (String c : qis) {
      b.quasiIdentifier(c, hierarchy(c));
    }
    Anonymizer anonymizer =
        b.sensitive("salary-class")
            .model(KAnonymity.of(5))
            .model(LDiversity.distinct("salary-class", 2))
            .model(TCloseness.equalDistance("salary-class", 0.2))
            .suppressionLimit(0.02)
            .metric(Metrics.loss())
            .build();
    long t0 = System.nanoTime();
    AnonymizationResult r = anonymizer.anonymize(adult);
    long nanos = System.nanoTime() - t0;
    report("8 QIs + salary sensitive, k=5, distinct-2, equal-t=0.2, 2% suppression", r, nanos);

    assertEquals(6_480, r.latticeSize());
    assertTrue(r.suppressedRows().length <= Math.floor(0.02 * adult.rowCount()));
    List<String> population = new ArrayList<>();
    for (int row = 0; row < adult.rowCount(); row++) {
      population.add(adult.value(row, "salary-class"));
    }
    IndependentChecker.verify(
        r.table(),
        qis,
        "salary-class",
        List.of(
            IndependentChecker.k(5),
            IndependentChecker.distinctL(2),
            IndependentChecker.t(0.2, population, IndependentChecker.equalGround())));
  }
}

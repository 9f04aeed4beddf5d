package io.privacity.anonymize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.anonymize.data.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  /** Two kept classes (sizes 3 and 1) over 2 quasi-identifiers, 2 suppressed of 6 records. */
  private static final Partition P =
      new Partition() {
        @Override
        public int rowCount() {
          return 6;
        }

        @Override
        public int suppressedCount() {
          return 2;
        }

        @Override
        public int classCount() {
          return 2;
        }

        @Override
        public int classSize(int c) {
          return c == 0 ? 3 : 1;
        }

        @Override
        public int quasiIdentifierCount() {
          return 2;
        }

        @Override
        public double generalizationLoss(int c, int qi) {
          return c == 0 ? (qi == 0 ? 0.5 : 0) : 1;
        }
      };

  @Test
  void loss() {
    // ARX's loss: per attribute (3 * 0.5 + 1 * 1 + 2 suppressed) / 6 = 0.75 and
    // (3 * 0 + 1 * 1 + 2) / 6 = 0.5, combined by the geometric mean of (1 + L): sqrt(1.75 * 1.5) -
    // 1.
    assertEquals(Math.sqrt(1.75 * 1.5) - 1, Metrics.loss().evaluate(P), 1e-12);
    assertEquals("Loss", Metrics.loss().name());
    assertTrue(Metrics.loss().isMonotone());
    assertTrue(Metrics.loss().boundDependsOnlyOnRecordLosses());
    // With 2 suppressed records, the bound (same partition, nothing suppressed) is lower.
    assertTrue(Metrics.loss().lowerBound(P) <= Metrics.loss().evaluate(P));
  }

  @Test
  void averageLoss() {
    // (3 * (0.5 + 0) + 1 * (1 + 1) + 2 suppressed * 2) / (6 * 2) = 7.5 / 12
    assertEquals(7.5 / 12, Metrics.averageLoss().evaluate(P), 1e-15);
    assertEquals("AverageLoss", Metrics.averageLoss().name());
    assertTrue(Metrics.averageLoss().lowerBound(P) <= Metrics.averageLoss().evaluate(P));
  }

  @Test
  void discernibility() {
    assertEquals(9 + 1 + 2 * 6, Metrics.discernibility().evaluate(P), 1e-12);
    assertFalse(Metrics.discernibility().boundDependsOnlyOnRecordLosses());
  }

  @Test
  void averageClassSize() {
    assertEquals(2.0, Metrics.averageClassSize().evaluate(P), 1e-15);
    assertEquals(
        Double.NEGATIVE_INFINITY, Metrics.averageClassSize().lowerBound(P), "never prunes");
  }

  private static Table released() {
    // Classes by (zip, age): A:3 records, B:2 records, C:1 record.
    return Table.builder("zip", "age", "diagnosis")
        .addRow("941**", "30-39", "flu")
        .addRow("941**", "30-39", "cold")
        .addRow("941**", "30-39", "flu")
        .addRow("941**", "40-49", "flu")
        .addRow("941**", "40-49", "cold")
        .addRow("947**", "40-49", "cold")
        .build();
  }

  @Test
  void reidentificationRisk_sampleAsPopulation() {
    ReidentificationRisk r = ReidentificationRisk.of(released(), List.of("zip", "age"));
    assertEquals(3, r.classCount());
    assertEquals(1, r.smallestClassSize());
    assertEquals(1.0, r.prosecutorHighestRisk());
    assertEquals(0.5, r.prosecutorAverageRisk(), 1e-15);
    // Risks 1/3, 1/2, 1: above 0.4 are the class of 2 and the class of 1 -> 3 of 6 records.
    assertEquals(0.5, r.prosecutorRecordsAtRisk(0.4), 1e-15);
    assertEquals(1.0 / 6, r.prosecutorRecordsAtRisk(0.5), 1e-15);
    assertEquals(r.prosecutorHighestRisk(), r.journalistHighestRisk());
    assertEquals(0.5, r.marketerRisk(), 1e-15);
  }

  @Test
  void reidentificationRisk_withPopulation() {
    Table.Builder pop = Table.builder("zip", "age");
    for (int i = 0; i < 10; i++) {
      pop.addRow("941**", "30-39");
    }
    for (int i = 0; i < 4; i++) {
      pop.addRow("941**", "40-49");
    }
    pop.addRow("947**", "40-49").addRow("947**", "40-49");
    ReidentificationRisk r =
        ReidentificationRisk.of(released(), List.of("zip", "age"), pop.build());
    assertEquals(0.5, r.journalistHighestRisk(), 1e-15);
    // (3/10 + 2/4 + 1/2) / 6
    assertEquals((0.3 + 0.5 + 0.5) / 6, r.marketerRisk(), 1e-15);
    assertEquals(r.marketerRisk(), r.journalistAverageRisk(), 1e-15);
    // Journalist risks 1/10, 1/4, 1/2: only the class of 1 record is above 0.4.
    assertEquals(1.0 / 6, r.journalistRecordsAtRisk(0.4), 1e-15);
    assertEquals(1.0, r.prosecutorHighestRisk());
  }

  @Test
  void reidentificationRisk_badInput_throws() {
    ReidentificationRisk r = ReidentificationRisk.of(released(), List.of("zip"));
    for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> r.prosecutorRecordsAtRisk(bad));
      assertTrue(e.getMessage().contains("threshold must be in [0, 1]"), e.getMessage());
    }
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReidentificationRisk.of(released(), List.of("plate")));
    assertTrue(unknown.getMessage().contains("'plate'"), unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ReidentificationRisk.of(Table.builder("zip").build(), List.of("zip")));
    assertThrows(
        IllegalArgumentException.class, () -> ReidentificationRisk.of(released(), List.of()));
  }
}

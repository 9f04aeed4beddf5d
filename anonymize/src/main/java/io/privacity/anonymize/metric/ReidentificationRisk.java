package io.privacity.anonymize.metric;

import io.privacity.anonymize.data.Table;
import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-identification risk of a (released) table under the three classic attacker models (El Emam and
 * Dankar, "Protecting privacy using k-anonymity", JAMIA 2008; as in ARX), computed from the
 * equivalence classes of the quasi-identifiers:
 *
 * <ul>
 *   <li><b>prosecutor</b>: the attacker knows the target is in the table; a record in a class of
 *       size {@code f} is re-identified with probability {@code 1/f};
 *   <li><b>journalist</b>: the attacker does not know whether the target is in the table and links
 *       against a population register; the risk is {@code 1/F}, with {@code F} the size of the
 *       matching class in the population (the sample itself if no population is given, which equals
 *       the prosecutor risk);
 *   <li><b>marketer</b>: the attacker wants to re-identify as many records as possible; the
 *       expected share re-identified is {@code (1/n) Σ_classes f/F}.
 * </ul>
 *
 * <p>Use it before and after anonymization to report the risk reduction. Immutable and thread-safe.
 */
public final class ReidentificationRisk {
  private final int rowCount;
  private final int[] sampleSizes;
  private final int[] populationSizes;

  private ReidentificationRisk(int rowCount, int[] sampleSizes, int[] populationSizes) {
    this.rowCount = rowCount;
    this.sampleSizes = sampleSizes;
    this.populationSizes = populationSizes;
  }

  /**
   * Risk with the sample as its own population.
   *
   * @param table the table (as released: generalized values, suppressed records removed)
   * @param quasiIdentifiers the quasi-identifier columns (at least one)
   * @return the risk
   * @throws IllegalArgumentException if the table has no rows or a column is unknown (the message
   *     names it)
   */
  public static ReidentificationRisk of(Table table, List<String> quasiIdentifiers) {
    return of(table, quasiIdentifiers, null);
  }

  /**
   * Risk against a population table (for the journalist and marketer models).
   *
   * @param table the table (as released: generalized values, suppressed records removed)
   * @param quasiIdentifiers the quasi-identifier columns (at least one)
   * @param population a population table with the same quasi-identifier columns in the same
   *     representation (same generalization), or {@code null} to use the sample; a class missing
   *     from the population, or smaller there than in the sample, counts with its sample size
   * @return the risk
   * @throws IllegalArgumentException if the table has no rows or a column is unknown in either
   *     table (the message names it)
   */
  public static ReidentificationRisk of(
      Table table, List<String> quasiIdentifiers, Table population) {
    Checks.notNull("table", table);
    Checks.nonEmpty("quasiIdentifiers", quasiIdentifiers);
    if (table.rowCount() == 0) {
      throw new IllegalArgumentException("table must have at least one row, got 0");
    }
    Map<List<String>, Integer> sample = count(table, quasiIdentifiers);
    int[] f = new int[sample.size()];
    int[] bigF = new int[sample.size()];
    Map<List<String>, Integer> pop =
        population == null ? null : count(population, quasiIdentifiers);
    int i = 0;
    for (Map.Entry<List<String>, Integer> e : sample.entrySet()) {
      f[i] = e.getValue();
      int popSize = pop == null ? f[i] : pop.getOrDefault(e.getKey(), 0);
      bigF[i] = Math.max(f[i], popSize);
      i++;
    }
    return new ReidentificationRisk(table.rowCount(), f, bigF);
  }

  /**
   * Risk from the sizes of the equivalence classes alone (the sample is the population: prosecutor
   * model), e.g. the class sizes an anonymizer computed, without grouping a table again.
   *
   * @param classSizes the size of each class (at least one class, each size at least 1)
   * @return the risk
   * @throws IllegalArgumentException if there is no class, a size is below 1, or the sizes add up
   *     to more than {@link Integer#MAX_VALUE}
   */
  public static ReidentificationRisk ofClassSizes(int[] classSizes) {
    Checks.notNull("classSizes", classSizes);
    if (classSizes.length == 0) {
      throw new IllegalArgumentException("classSizes must not be empty");
    }
    long rows = 0;
    for (int i = 0; i < classSizes.length; i++) {
      if (classSizes[i] < 1) {
        throw new IllegalArgumentException(
            "classSizes[" + i + "] must be >= 1, got " + classSizes[i]);
      }
      rows += classSizes[i];
    }
    Checks.inRange("total of classSizes", rows, 1, Integer.MAX_VALUE);
    int[] f = classSizes.clone();
    return new ReidentificationRisk((int) rows, f, f.clone());
  }

  private static Map<List<String>, Integer> count(Table table, List<String> qis) {
    int[] cols = new int[qis.size()];
    for (int j = 0; j < cols.length; j++) {
      cols[j] = table.columnIndex(qis.get(j));
    }
    Map<List<String>, Integer> counts = new HashMap<>();
    for (int r = 0; r < table.rowCount(); r++) {
      List<String> key = new ArrayList<>(cols.length);
      for (int c : cols) {
        key.add(table.value(r, c));
      }
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  /**
   * The number of records.
   *
   * @return the row count
   */
  public int rowCount() {
    return rowCount;
  }

  /**
   * The number of equivalence classes.
   *
   * @return the class count
   */
  public int classCount() {
    return sampleSizes.length;
  }

  /**
   * The smallest class size (the table is k-anonymous for every k up to it).
   *
   * @return the smallest class size
   */
  public int smallestClassSize() {
    int min = Integer.MAX_VALUE;
    for (int f : sampleSizes) {
      min = Math.min(min, f);
    }
    return min;
  }

  /**
   * The highest prosecutor risk of any record: {@code 1 / smallest class size}.
   *
   * @return the highest risk, in (0, 1]
   */
  public double prosecutorHighestRisk() {
    return 1.0 / smallestClassSize();
  }

  /**
   * The average prosecutor risk over records: {@code classes / records}.
   *
   * @return the average risk, in (0, 1]
   */
  public double prosecutorAverageRisk() {
    return sampleSizes.length / (double) rowCount;
  }

  /**
   * The share of records whose prosecutor risk {@code 1/f} exceeds a threshold.
   *
   * @param threshold the risk threshold, in [0, 1]
   * @return the share of records at risk, in [0, 1]
   * @throws IllegalArgumentException if the threshold is outside [0, 1]
   */
  public double prosecutorRecordsAtRisk(double threshold) {
    return atRisk(threshold, sampleSizes);
  }

  /**
   * The highest journalist risk of any record: {@code 1 / smallest population class size}.
   *
   * @return the highest risk, in (0, 1]
   */
  public double journalistHighestRisk() {
    int min = Integer.MAX_VALUE;
    for (int f : populationSizes) {
      min = Math.min(min, f);
    }
    return 1.0 / min;
  }

  /**
   * The average journalist risk over records: {@code (1/n) Σ_classes f/F}.
   *
   * @return the average risk, in (0, 1]
   */
  public double journalistAverageRisk() {
    return marketerRisk();
  }

  /**
   * The share of records whose journalist risk {@code 1/F} exceeds a threshold.
   *
   * @param threshold the risk threshold, in [0, 1]
   * @return the share of records at risk, in [0, 1]
   * @throws IllegalArgumentException if the threshold is outside [0, 1]
   */
  public double journalistRecordsAtRisk(double threshold) {
    return atRisk(threshold, populationSizes);
  }

  /**
   * The marketer risk: the expected share of records re-identified when the attacker links every
   * record, {@code (1/n) Σ_classes f/F}; {@code classes/n} without a population.
   *
   * @return the marketer risk, in (0, 1]
   */
  public double marketerRisk() {
    double sum = 0;
    for (int i = 0; i < sampleSizes.length; i++) {
      sum += sampleSizes[i] / (double) populationSizes[i];
    }
    return sum / rowCount;
  }

  private double atRisk(double threshold, int[] denominators) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    long records = 0;
    for (int i = 0; i < sampleSizes.length; i++) {
      if (1.0 / denominators[i] > threshold) {
        records += sampleSizes[i];
      }
    }
    return records / (double) rowCount;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "ReidentificationRisk[records=%d, classes=%d, prosecutor highest=%.4f average=%.4f,"
            + " journalist highest=%.4f, marketer=%.4f]",
        rowCount,
        classCount(),
        prosecutorHighestRisk(),
        prosecutorAverageRisk(),
        journalistHighestRisk(),
        marketerRisk());
  }
}

package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.metric.Partition;
import io.privacity.anonymize.metric.ReidentificationRisk;
import io.privacity.anonymize.metric.UtilityMetric;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Anonymizer#anonymize}: the chosen generalization (one level per
 * quasi-identifier), the released table, its equivalence classes, the suppressed records and the
 * utility and risk figures.
 *
 * <p>The released table has the input's columns minus the identifying ones, in input order;
 * quasi-identifiers generalized, sensitive and insensitive columns unchanged, suppressed records
 * removed. Every class in it satisfies every privacy model.
 *
 * <p>Thread-safety: immutable.
 */
public final class AnonymizationResult {
  private final Map<String, Integer> levels;
  private final Table input;
  private final Table output;
  private final List<String> quasiIdentifiers;
  private final List<EquivalenceClass> classes;
  private final int[] suppressedRows;
  private final int[] sourceRows;
  private final UtilityMetric metric;
  private final double metricValue;
  private final Partition partition;
  private final boolean anonymous;
  private final int latticeSize;
  private final int checkedNodes;

  AnonymizationResult(
      Map<String, Integer> levels,
      Table input,
      Table output,
      List<String> quasiIdentifiers,
      List<EquivalenceClass> classes,
      int[] suppressedRows,
      int[] sourceRows,
      UtilityMetric metric,
      Partition partition,
      boolean anonymous,
      int latticeSize,
      int checkedNodes) {
    this.levels = levels;
    this.input = input;
    this.output = output;
    this.quasiIdentifiers = List.copyOf(quasiIdentifiers);
    this.classes = List.copyOf(classes);
    this.suppressedRows = suppressedRows;
    this.sourceRows = sourceRows;
    this.metric = metric;
    this.partition = partition;
    this.metricValue = metric.evaluate(partition);
    this.anonymous = anonymous;
    this.latticeSize = latticeSize;
    this.checkedNodes = checkedNodes;
  }

  /**
   * The generalization level of each quasi-identifier (0 = original values), in the order they were
   * declared.
   *
   * @return an unmodifiable map from quasi-identifier to level
   */
  public Map<String, Integer> levels() {
    return levels;
  }

  /**
   * The quasi-identifiers, in the order they were declared.
   *
   * @return an unmodifiable list of column names
   */
  public List<String> quasiIdentifiers() {
    return quasiIdentifiers;
  }

  /**
   * The released table (see the class comment).
   *
   * @return the anonymized table
   */
  public Table table() {
    return output;
  }

  /**
   * The equivalence classes of the released table.
   *
   * @return an unmodifiable list of classes, in order of their first record
   */
  public List<EquivalenceClass> classes() {
    return classes;
  }

  /**
   * The input rows that were suppressed (removed).
   *
   * @return a new array of 0-based input row indices, increasing
   */
  public int[] suppressedRows() {
    return suppressedRows.clone();
  }

  /**
   * The input row an output row comes from.
   *
   * @param outputRow a 0-based row index of {@link #table()}
   * @return the 0-based input row index
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public int sourceRow(int outputRow) {
    return sourceRows[outputRow];
  }

  /**
   * The utility metric the search minimized.
   *
   * @return the metric
   */
  public UtilityMetric metric() {
    return metric;
  }

  /**
   * The metric's value for this result (for {@code Metrics.loss()}, in [0, 1]).
   *
   * @return the information loss
   */
  public double informationLoss() {
    return metricValue;
  }

  /**
   * The classes and suppressed records, for evaluating other utility metrics, e.g. {@code
   * Metrics.discernibility().evaluate(result.partition())}.
   *
   * @return the partition
   */
  public Partition partition() {
    return partition;
  }

  /**
   * Whether the suppression stayed within the limit. Always true for {@link Anonymizer#anonymize};
   * for {@link Anonymizer#transform} false means the given levels needed more suppression than
   * allowed (the released table still contains only classes that satisfy the models).
   *
   * @return whether the result meets the configured limit
   */
  public boolean isAnonymous() {
    return anonymous;
  }

  /**
   * The number of nodes of the generalization lattice.
   *
   * @return the lattice size
   */
  public int latticeSize() {
    return latticeSize;
  }

  /**
   * The number of lattice nodes whose classes were computed (the rest were tagged by monotonicity
   * or pruned by the metric's lower bound); 1 for {@link Anonymizer#transform}.
   *
   * @return the number of checked nodes
   */
  public int checkedNodes() {
    return checkedNodes;
  }

  /**
   * Re-identification risk of the input, on the quasi-identifiers' original values.
   *
   * @return the risk before anonymization
   */
  public ReidentificationRisk riskBefore() {
    return ReidentificationRisk.of(input, quasiIdentifiers);
  }

  /**
   * Re-identification risk of the released table.
   *
   * @return the risk after anonymization
   * @throws IllegalStateException if every record was suppressed
   */
  public ReidentificationRisk riskAfter() {
    if (output.rowCount() == 0) {
      throw new IllegalStateException("every record was suppressed: there is no risk to measure");
    }
    return ReidentificationRisk.of(output, quasiIdentifiers);
  }

  @Override
  public String toString() {
    return "AnonymizationResult[levels="
        + levels
        + ", "
        + metric.name()
        + "="
        + metricValue
        + ", classes="
        + classes.size()
        + ", suppressed="
        + suppressedRows.length
        + " of "
        + input.rowCount()
        + ", checked "
        + checkedNodes
        + " of "
        + latticeSize
        + " nodes"
        + (anonymous ? "" : ", NOT within the suppression limit")
        + "]"
        + (suppressedRows.length > 0 && suppressedRows.length <= 10
            ? " suppressed rows " + Arrays.toString(suppressedRows)
            : "");
  }
}

package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.internal.ColumnCodes;
import io.privacity.anonymize.internal.CsvRecords;
import io.privacity.anonymize.metric.Partition;
import io.privacity.anonymize.metric.ReidentificationRisk;
import io.privacity.anonymize.metric.UtilityMetric;
import io.privacity.core.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.apache.commons.csv.CSVPrinter;

/**
 * The outcome of {@link Anonymizer#anonymize}: the chosen generalization (one level per
 * quasi-identifier), the released table, its equivalence classes, the suppressed records and the
 * utility and risk figures.
 *
 * <p>The released table has the input's columns minus the identifying ones, in input order;
 * quasi-identifiers generalized, sensitive and insensitive columns unchanged, suppressed records
 * removed. Every class in it satisfies every privacy model.
 *
 * <p>The released table and the list of classes are built on first use (a search over 10^7 rows
 * need not hold a second copy of the table): {@link #classSizes()}, the risks and {@link #writeCsv}
 * work from the classes the search computed.
 *
 * <p>Thread-safety: immutable (lazily built parts are built once, under a lock).
 */
public final class AnonymizationResult {
  private final Map<String, Integer> levels;
  private final Table input;
  private final List<String> quasiIdentifiers;
  private final Encoded encoded;
  private final Grouping grouping;
  private final int[] levelArray;
  private final String[] outputNames;

  /** For each output column, its quasi-identifier index, or -1 if it is released unchanged. */
  private final int[] outputQi;

  private final int[] outputColumn;
  private final int[] suppressedRows;
  private final int[] sourceRows;
  private final UtilityMetric metric;
  private final double metricValue;
  private final Partition partition;
  private final boolean anonymous;
  private final int latticeSize;
  private final int checkedNodes;
  private final int[] inputClassSizes;
  private Table output;
  private List<EquivalenceClass> classes;

  AnonymizationResult(
      Map<String, Integer> levels,
      Encoded encoded,
      Grouping grouping,
      int[] levelArray,
      List<String> outputNames,
      int[] suppressedRows,
      int[] sourceRows,
      UtilityMetric metric,
      boolean anonymous,
      int latticeSize,
      int checkedNodes,
      int[] inputClassSizes) {
    this.levels = levels;
    this.input = encoded.table;
    this.quasiIdentifiers = List.of(encoded.qiNames);
    this.encoded = encoded;
    this.grouping = grouping;
    this.levelArray = levelArray.clone();
    this.outputNames = outputNames.toArray(new String[0]);
    this.outputQi = new int[outputNames.size()];
    this.outputColumn = new int[outputNames.size()];
    List<String> qis = Arrays.asList(encoded.qiNames);
    for (int c = 0; c < outputQi.length; c++) {
      outputQi[c] = qis.indexOf(outputNames.get(c));
      outputColumn[c] = input.columnIndex(outputNames.get(c));
    }
    this.suppressedRows = suppressedRows;
    this.sourceRows = sourceRows;
    this.metric = metric;
    this.partition = grouping.partition(encoded);
    this.metricValue = metric.evaluate(partition);
    this.anonymous = anonymous;
    this.latticeSize = latticeSize;
    this.checkedNodes = checkedNodes;
    this.inputClassSizes = inputClassSizes;
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
   * The released table (see the class comment), built on first call.
   *
   * @return the anonymized table
   */
  public synchronized Table table() {
    if (output == null) {
      List<Column> columns = new ArrayList<>();
      for (int c = 0; c < outputNames.length; c++) {
        Column col = input.column(outputColumn[c]);
        int j = outputQi[c];
        if (j < 0) {
          columns.add(col.selectRows(sourceRows));
          continue;
        }
        int level = levelArray[j];
        int[] map = encoded.gen[j][level];
        int[] codes = new int[sourceRows.length];
        for (int i = 0; i < codes.length; i++) {
          codes[i] = map[encoded.codes[j][sourceRows[i]]];
        }
        ColumnType type = level == 0 ? col.type() : ColumnType.STRING;
        columns.add(
            Column.ofCodes(col.name(), type, Arrays.asList(encoded.labels[j][level]), codes));
      }
      output = Table.of(columns);
    }
    return output;
  }

  /**
   * Writes the released table as CSV (header first), row by row from the classes the search
   * computed, without building {@link #table()}: the way to release a table of millions of rows
   * within a small heap.
   *
   * @param writer where to write (flushed, not closed)
   * @param delimiter the field delimiter
   * @param progress receives the fraction of rows written, non-decreasing, ending with 1
   * @throws UncheckedIOException if the writer fails
   */
  public void writeCsv(Writer writer, char delimiter, DoubleConsumer progress) {
    Checks.notNull("writer", writer);
    Checks.notNull("progress", progress);
    int columns = outputNames.length;
    String[][] labels = new String[columns][];
    int[][] map = new int[columns][];
    int[][] codes = new int[columns][];
    for (int c = 0; c < columns; c++) {
      int j = outputQi[c];
      if (j < 0) {
        Column col = input.column(outputColumn[c]);
        labels[c] = col.dictionary().toArray(new String[0]);
        codes[c] = ColumnCodes.shared(col);
      } else {
        labels[c] = encoded.labels[j][levelArray[j]];
        map[c] = encoded.gen[j][levelArray[j]];
        codes[c] = encoded.codes[j];
      }
    }
    try {
      CSVPrinter printer = new CSVPrinter(writer, CsvRecords.format(delimiter));
      printer.printRecord((Object[]) outputNames);
      String[] row = new String[columns];
      int step = Math.max(1, sourceRows.length / 200);
      for (int i = 0; i < sourceRows.length; i++) {
        int r = sourceRows[i];
        for (int c = 0; c < columns; c++) {
          int code = codes[c][r];
          row[c] = labels[c][map[c] == null ? code : map[c][code]];
        }
        printer.printRecord((Object[]) row);
        if (i % step == 0) {
          progress.accept(i / (double) sourceRows.length);
        }
      }
      printer.flush();
      progress.accept(1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write CSV: " + CsvRecords.describe(e), e);
    }
  }

  /**
   * The names of the released table's columns, in order (the input's, minus the identifying ones).
   *
   * @return an unmodifiable list of names
   */
  public List<String> columnNames() {
    return List.of(outputNames);
  }

  /**
   * The equivalence classes of the released table, built on first call (one {@link Integer} per
   * released row: prefer {@link #classSizes()} for large tables).
   *
   * @return an unmodifiable list of classes, in order of their first record
   */
  public synchronized List<EquivalenceClass> classes() {
    if (classes == null) {
      int[] classOfOutput = new int[grouping.count];
      Arrays.fill(classOfOutput, -1);
      List<List<Integer>> members = new ArrayList<>();
      List<Integer> reps = new ArrayList<>();
      for (int i = 0; i < sourceRows.length; i++) {
        int c = grouping.classOf[sourceRows[i]];
        if (classOfOutput[c] < 0) {
          classOfOutput[c] = members.size();
          members.add(new ArrayList<>());
          reps.add(grouping.rep[c]);
        }
        members.get(classOfOutput[c]).add(i);
      }
      List<EquivalenceClass> list = new ArrayList<>(members.size());
      for (int m = 0; m < members.size(); m++) {
        int rep = reps.get(m);
        List<String> values = new ArrayList<>();
        for (int j = 0; j < encoded.qiCount; j++) {
          int level = levelArray[j];
          values.add(encoded.labels[j][level][encoded.gen[j][level][encoded.codes[j][rep]]]);
        }
        list.add(new EquivalenceClass(values, members.get(m)));
      }
      classes = List.copyOf(list);
    }
    return classes;
  }

  /**
   * The sizes of the released equivalence classes, in order of their first record.
   *
   * @return a new array, one size per released class
   */
  public int[] classSizes() {
    int[] sizes = new int[partition.classCount()];
    int[] order = new int[grouping.count];
    Arrays.fill(order, -1);
    int next = 0;
    for (int r : sourceRows) {
      int c = grouping.classOf[r];
      if (order[c] < 0) {
        order[c] = next++;
      }
      sizes[order[c]]++;
    }
    return sizes;
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
   * The number of suppressed rows.
   *
   * @return the count
   */
  public int suppressedCount() {
    return suppressedRows.length;
  }

  /**
   * The number of released rows.
   *
   * @return the count ({@code rows - suppressedCount()})
   */
  public int releasedCount() {
    return sourceRows.length;
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
   * The number of lattice nodes the search visited: whose classes were computed (the rest were
   * tagged by monotonicity or pruned by the metric's lower bound); 1 for {@link
   * Anonymizer#transform}.
   *
   * @return the number of visited nodes
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
    return ReidentificationRisk.ofClassSizes(inputClassSizes);
  }

  /**
   * Re-identification risk of the released table.
   *
   * @return the risk after anonymization
   * @throws IllegalStateException if every record was suppressed
   */
  public ReidentificationRisk riskAfter() {
    if (sourceRows.length == 0) {
      throw new IllegalStateException("every record was suppressed: there is no risk to measure");
    }
    return ReidentificationRisk.ofClassSizes(classSizes());
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
        + partition.classCount()
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

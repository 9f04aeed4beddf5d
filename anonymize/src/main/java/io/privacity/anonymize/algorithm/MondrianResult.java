package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.metric.Partition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of {@link Mondrian#anonymize(Table)}: the published table (rows in input order,
 * quasi-identifiers generalized, undeclared columns dropped), its equivalence classes and the
 * information loss. Immutable.
 */
public final class MondrianResult {
  private final Table table;
  private final int partitionCount;
  private final int[] classSizes;
  private final double[][] classLoss;
  private final double loss;
  private final Map<String, Double> lossByAttribute;
  private final int k;

  private MondrianResult(
      Table table,
      int partitionCount,
      int[] classSizes,
      double[][] classLoss,
      Map<String, Double> lossByAttribute,
      int k) {
    this.table = table;
    this.partitionCount = partitionCount;
    this.classSizes = classSizes;
    this.classLoss = classLoss;
    this.lossByAttribute = lossByAttribute;
    this.k = k;
    this.loss = Metrics.averageLoss().evaluate(partition());
  }

  static MondrianResult build(
      Table input,
      List<MondrianDimension> dims,
      int[] rows,
      List<int[]> partitions,
      Mondrian.CategoricalOutput categoricalOutput,
      List<String> sensitive,
      List<String> insensitive,
      int k) {
    int n = input.rowCount();
    int d = dims.size();
    int[][] outCodes = new int[d][n];
    List<List<String>> dictionaries = new ArrayList<>();
    List<List<Double>> codeLoss = new ArrayList<>();
    Map<String, Double> lossByAttribute = new LinkedHashMap<>();
    for (int j = 0; j < d; j++) {
      MondrianDimension dim = dims.get(j);
      Map<String, Integer> dictIndex = new HashMap<>();
      List<String> dict = new ArrayList<>();
      List<Double> lossOfCode = new ArrayList<>();
      double weightedWidth = 0;
      for (int[] p : partitions) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int i = p[0]; i < p[1]; i++) {
          int c = dim.rowCode[rows[i]];
          lo = Math.min(lo, c);
          hi = Math.max(hi, c);
        }
        String text = text(dim, rows, p[0], p[1], lo, hi, categoricalOutput);
        double ncp = ncp(dim, rows, p[0], p[1], lo, hi, categoricalOutput);
        Integer code = dictIndex.get(text);
        if (code == null) {
          code = dict.size();
          dict.add(text);
          lossOfCode.add(ncp);
          dictIndex.put(text, code);
        }
        for (int i = p[0]; i < p[1]; i++) {
          outCodes[j][rows[i]] = code;
        }
        weightedWidth += ncp * (p[1] - p[0]);
      }
      dictionaries.add(dict);
      codeLoss.add(lossOfCode);
      lossByAttribute.put(dim.name, weightedWidth / n);
    }
    // Equivalence classes: rows with equal published tuples.
    Map<List<Integer>, Integer> classIndex = new HashMap<>();
    List<Integer> sizes = new ArrayList<>();
    List<double[]> classLoss = new ArrayList<>();
    for (int[] p : partitions) {
      Integer[] key = new Integer[d];
      int r0 = rows[p[0]];
      for (int j = 0; j < d; j++) {
        key[j] = outCodes[j][r0];
      }
      List<Integer> tuple = Arrays.asList(key);
      Integer ci = classIndex.get(tuple);
      if (ci == null) {
        classIndex.put(tuple, sizes.size());
        sizes.add(p[1] - p[0]);
        double[] cl = new double[d];
        for (int j = 0; j < d; j++) {
          cl[j] = codeLoss.get(j).get(key[j]);
        }
        classLoss.add(cl);
      } else {
        sizes.set(ci, sizes.get(ci) + p[1] - p[0]);
      }
    }
    int[] classSizes = sizes.stream().mapToInt(Integer::intValue).toArray();
    List<Column> columns = new ArrayList<>();
    for (String name : input.columnNames()) {
      int j = indexOf(dims, name);
      if (j >= 0) {
        columns.add(Column.ofCodes(name, ColumnType.STRING, dictionaries.get(j), outCodes[j]));
      } else if (sensitive.contains(name) || insensitive.contains(name)) {
        columns.add(input.column(name));
      }
    }
    return new MondrianResult(
        Table.of(columns),
        partitions.size(),
        classSizes,
        classLoss.toArray(new double[0][]),
        Collections.unmodifiableMap(lossByAttribute),
        k);
  }

  private static int indexOf(List<MondrianDimension> dims, String name) {
    for (int j = 0; j < dims.size(); j++) {
      if (dims.get(j).name.equals(name)) {
        return j;
      }
    }
    return -1;
  }

  private static String text(
      MondrianDimension dim,
      int[] rows,
      int from,
      int to,
      int lo,
      int hi,
      Mondrian.CategoricalOutput style) {
    if (lo == hi) {
      return dim.codeText[lo];
    }
    if (dim.numeric) {
      return "[" + dim.codeText[lo] + ", " + dim.codeText[hi] + "]";
    }
    if (style == Mondrian.CategoricalOutput.ANCESTOR) {
      return dim.nodeLabel[dim.lowestCommonAncestor(lo, hi)];
    }
    StringBuilder sb = new StringBuilder("{");
    for (int c : distinctCodes(dim, rows, from, to, lo, hi)) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(dim.codeText[c]);
    }
    return sb.append('}').toString();
  }

  private static int[] distinctCodes(
      MondrianDimension dim, int[] rows, int from, int to, int lo, int hi) {
    boolean[] seen = new boolean[hi - lo + 1];
    int count = 0;
    for (int i = from; i < to; i++) {
      int c = dim.rowCode[rows[i]] - lo;
      if (!seen[c]) {
        seen[c] = true;
        count++;
      }
    }
    int[] out = new int[count];
    int m = 0;
    for (int c = 0; c < seen.length; c++) {
      if (seen[c]) {
        out[m++] = lo + c;
      }
    }
    return out;
  }

  /** Normalized certainty penalty of one class in one attribute, in [0, 1]. */
  private static double ncp(
      MondrianDimension dim,
      int[] rows,
      int from,
      int to,
      int lo,
      int hi,
      Mondrian.CategoricalOutput style) {
    if (lo == hi) {
      return 0;
    }
    if (dim.numeric || style == Mondrian.CategoricalOutput.ANCESTOR) {
      return dim.normalizedWidth(lo, hi);
    }
    int all = dim.domainSize() - 1;
    return all > 0 ? (double) (distinctCodes(dim, rows, from, to, lo, hi).length - 1) / all : 0;
  }

  /**
   * The published table: same rows in the same order; quasi-identifiers generalized (type {@link
   * ColumnType#STRING}); sensitive and insensitive columns unchanged; other columns dropped.
   *
   * @return the table
   */
  public Table table() {
    return table;
  }

  /**
   * The k the run enforced.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  /**
   * The number of Mondrian partitions (leaves of the cut tree). Partitions that publish the same
   * tuple form one equivalence class, so this is at least {@link #classCount()}.
   *
   * @return the partition count
   */
  public int partitionCount() {
    return partitionCount;
  }

  /**
   * The number of equivalence classes in the published table.
   *
   * @return the class count
   */
  public int classCount() {
    return classSizes.length;
  }

  /**
   * The size of each equivalence class, in order of first appearance in the cut tree.
   *
   * @return a copy of the sizes, each at least k
   */
  public int[] classSizes() {
    return classSizes.clone();
  }

  /**
   * How many classes have each size.
   *
   * @return class size → number of classes of that size, ascending by size
   */
  public SortedMap<Integer, Integer> classSizeHistogram() {
    SortedMap<Integer, Integer> h = new TreeMap<>();
    for (int s : classSizes) {
      h.merge(s, 1, Integer::sum);
    }
    return Collections.unmodifiableSortedMap(h);
  }

  /**
   * The number of suppressed rows: always 0 (Mondrian publishes every row).
   *
   * @return 0
   */
  public int suppressedRows() {
    return 0;
  }

  /**
   * The equivalence classes, for the utility metrics of {@code io.privacity.anonymize.metric}, e.g.
   * {@code Metrics.discernibility().evaluate(result.partition())}. A class's generalization loss in
   * a quasi-identifier is its normalized certainty penalty (see {@link #loss()}).
   *
   * @return the partition (nothing suppressed)
   */
  public Partition partition() {
    int rows = table.rowCount();
    int q = lossByAttribute.size();
    return new Partition() {
      @Override
      public int rowCount() {
        return rows;
      }

      @Override
      public int suppressedCount() {
        return 0;
      }

      @Override
      public int classCount() {
        return classSizes.length;
      }

      @Override
      public int classSize(int c) {
        return classSizes[c];
      }

      @Override
      public int quasiIdentifierCount() {
        return q;
      }

      @Override
      public double generalizationLoss(int c, int qi) {
        return classLoss[c][qi];
      }
    };
  }

  /**
   * The information loss, {@code Metrics.averageLoss()} of {@link #partition()}: the normalized
   * certainty penalty (Xu et al., KDD 2006) averaged over rows and quasi-identifiers, in [0, 1].
   * Per row and attribute it is the published range's width over the attribute's whole range
   * (numeric), or (leaves covered − 1) over (all leaves − 1) (hierarchical) — for hierarchical
   * attributes the same measure as the optimal search's "AverageLoss", so the two are comparable. 0
   * = published as is, 1 = fully generalized.
   *
   * @return the loss
   */
  public double loss() {
    return loss;
  }

  /**
   * The normalized certainty penalty of each quasi-identifier, averaged over rows.
   *
   * @return attribute name → loss in [0, 1], in declaration order
   */
  public Map<String, Double> lossByAttribute() {
    return lossByAttribute;
  }

  @Override
  public String toString() {
    return "MondrianResult[rows="
        + table.rowCount()
        + ", partitions="
        + partitionCount
        + ", classes="
        + classSizes.length
        + ", loss="
        + loss
        + "]";
  }
}

package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.internal.ColumnCodes;
import io.privacity.anonymize.model.ClassCriterion;
import io.privacity.anonymize.model.PrivacyModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of one search, dictionary-encoded once: per quasi-identifier, the rows' codes and, per
 * generalization level, a code-to-generalized-code map with the labels and losses of the
 * generalized codes; per sensitive attribute, the rows' codes; the bound privacy models.
 */
final class Encoded {
  final Table table;
  final int rows;
  final int qiCount;
  final String[] qiNames;
  final Column[] qiColumns;
  final int[] maxLevel;

  /** codes[j][row]: the row's dictionary code in quasi-identifier j's column. */
  final int[][] codes;

  /** gen[j][level][code]: the generalized code at that level. */
  final int[][][] gen;

  /** genCard[j][level]: the number of generalized codes at that level. */
  final int[][] genCard;

  /** labels[j][level][generalized code]. */
  final String[][][] labels;

  /** loss[j][level][generalized code]: (leaves - 1) / (domain - 1). */
  final double[][][] loss;

  /** codeCounts[j][code]: how many rows have that value of quasi-identifier j. */
  final int[][] codeCounts;

  /**
   * entropy[j][level]: Σ_v a_v · log2(b_v / a_v) over the values v of quasi-identifier j, a_v the
   * records with value v, b_v those with v's generalized value (see {@link
   * io.privacity.anonymize.metric.Partition#generalizationEntropy}).
   */
  final double[][] entropy;

  final String[] sensitiveNames;

  /** sensitive[s][row]: the row's code in sensitive column s. */
  final int[][] sensitive;

  final int[] sensitiveCard;
  final ClassCriterion[] criteria;

  /** For each criterion, the index of its sensitive attribute, or -1. */
  final int[] criterionSensitive;

  final int minClassSize;
  final int maxSuppressed;

  Encoded(
      Table table,
      List<String> qis,
      List<Hierarchy> hierarchies,
      List<PrivacyModel> models,
      double suppressionLimit) {
    this.table = table;
    this.rows = table.rowCount();
    this.qiCount = qis.size();
    this.qiNames = qis.toArray(new String[0]);
    this.qiColumns = new Column[qiCount];
    this.maxLevel = new int[qiCount];
    this.codes = new int[qiCount][];
    this.gen = new int[qiCount][][];
    this.genCard = new int[qiCount][];
    this.labels = new String[qiCount][][];
    this.loss = new double[qiCount][][];
    this.codeCounts = new int[qiCount][];
    this.entropy = new double[qiCount][];
    for (int j = 0; j < qiCount; j++) {
      Column col = table.column(qiNames[j]);
      Hierarchy h = hierarchies.get(j);
      qiColumns[j] = col;
      codes[j] = ColumnCodes.shared(col);
      int card = col.cardinality();
      codeCounts[j] = new int[card];
      for (int code : codes[j]) {
        codeCounts[j][code]++;
      }
      for (int code = 0; code < card; code++) {
        String v = col.dictionaryValue(code);
        if (!h.contains(v)) {
          int row = 0;
          while (codes[j][row] != code) {
            row++;
          }
          throw new IllegalArgumentException(
              "column '"
                  + qiNames[j]
                  + "' row "
                  + (row + 1)
                  + ": the value is not in the column's hierarchy (values are not echoed: they may"
                  + " be personal data)");
        }
      }
      int levels = h.levelCount();
      maxLevel[j] = levels - 1;
      gen[j] = new int[levels][card];
      genCard[j] = new int[levels];
      labels[j] = new String[levels][];
      loss[j] = new double[levels][];
      int domain = h.values().size();
      entropy[j] = new double[levels];
      for (int level = 0; level < levels; level++) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int code = 0; code < card; code++) {
          String label = h.generalize(col.dictionaryValue(code), level);
          Integer id = ids.get(label);
          if (id == null) {
            id = names.size();
            ids.put(label, id);
            names.add(label);
          }
          gen[j][level][code] = id;
        }
        genCard[j][level] = names.size();
        labels[j][level] = names.toArray(new String[0]);
        loss[j][level] = new double[names.size()];
        for (int g = 0; g < names.size(); g++) {
          int leaves = level == 0 ? 1 : h.leafCount(level, names.get(g));
          loss[j][level][g] = domain <= 1 ? 0 : (leaves - 1) / (double) (domain - 1);
        }
        long[] generalizedCounts = new long[names.size()];
        for (int code = 0; code < card; code++) {
          generalizedCounts[gen[j][level][code]] += codeCounts[j][code];
        }
        double sum = 0;
        for (int code = 0; code < card; code++) {
          double a = codeCounts[j][code];
          if (a > 0) {
            // As ARX: a * log2(a / b), summed, then negated.
            sum += a * (Math.log(a / generalizedCounts[gen[j][level][code]]) / Math.log(2));
          }
        }
        entropy[j][level] = sum == 0 ? 0 : -sum;
      }
    }
    List<String> sens = new ArrayList<>();
    criteria = new ClassCriterion[models.size()];
    criterionSensitive = new int[models.size()];
    int minSize = 1;
    for (int m = 0; m < models.size(); m++) {
      PrivacyModel model = models.get(m);
      criteria[m] = model.bind(table);
      minSize = Math.max(minSize, model.minimalClassSize());
      String s = model.sensitiveAttribute().orElse(null);
      if (s == null) {
        criterionSensitive[m] = -1;
      } else {
        int idx = sens.indexOf(s);
        if (idx < 0) {
          idx = sens.size();
          sens.add(s);
        }
        criterionSensitive[m] = idx;
      }
    }
    minClassSize = minSize;
    sensitiveNames = sens.toArray(new String[0]);
    sensitive = new int[sensitiveNames.length][];
    sensitiveCard = new int[sensitiveNames.length];
    for (int s = 0; s < sensitiveNames.length; s++) {
      Column col = table.column(sensitiveNames[s]);
      sensitive[s] = ColumnCodes.shared(col);
      sensitiveCard[s] = col.cardinality();
    }
    // Floor: the limit is a fraction of records that MAY be suppressed, never exceeded.
    maxSuppressed = (int) Math.floor(suppressionLimit * rows + 1e-9);
  }
}

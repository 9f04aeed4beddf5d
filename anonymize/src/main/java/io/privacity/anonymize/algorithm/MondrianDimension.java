package io.privacity.anonymize.algorithm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One quasi-identifier as Mondrian sees it: every row carries an integer code, and codes are
 * ordered so that every region Mondrian may form is an interval of codes.
 *
 * <ul>
 *   <li>Numeric: codes are the ranks of the distinct values; any cut between two codes is allowed;
 *       a class is published as the range {@code [min, max]} of its values.
 *   <li>Hierarchical (categorical): codes are the leaves of the generalization hierarchy in
 *       depth-first order, so every hierarchy node covers an interval of codes; a partition may
 *       only be cut between children of the lowest common ancestor of its values, and a class is
 *       published as that ancestor's label (or the set of its values).
 * </ul>
 */
final class MondrianDimension {
  final String name;
  final boolean numeric;

  /** Per row: its code. */
  final int[] rowCode;

  /** Per code: the text published when a class holds only that code. */
  final String[] codeText;

  /** Numeric only: per code, the number (ascending). */
  final double[] codeNumber;

  // Hierarchical only: the tree. Node 0 is the root.
  final int[] leafNode;
  final int[] nodeLo;
  final int[] nodeHi;
  final int[] nodeParent;
  final int[][] nodeChildren;
  final String[] nodeLabel;

  private MondrianDimension(
      String name,
      boolean numeric,
      int[] rowCode,
      String[] codeText,
      double[] codeNumber,
      int[] leafNode,
      int[] nodeLo,
      int[] nodeHi,
      int[] nodeParent,
      int[][] nodeChildren,
      String[] nodeLabel) {
    this.name = name;
    this.numeric = numeric;
    this.rowCode = rowCode;
    this.codeText = codeText;
    this.codeNumber = codeNumber;
    this.leafNode = leafNode;
    this.nodeLo = nodeLo;
    this.nodeHi = nodeHi;
    this.nodeParent = nodeParent;
    this.nodeChildren = nodeChildren;
    this.nodeLabel = nodeLabel;
  }

  /**
   * A numeric dimension from a dictionary-encoded column.
   *
   * @param name the column's name
   * @param rowDict per row, an index into {@code dictText}
   * @param dictText the distinct values' texts
   * @param dictNumber the distinct values' numbers (finite)
   */
  static MondrianDimension numeric(
      String name, int[] rowDict, String[] dictText, double[] dictNumber) {
    int d = dictText.length;
    for (int i = 0; i < d; i++) {
      if (!Double.isFinite(dictNumber[i])) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "' is numeric but the value \""
                + dictText[i]
                + "\" is not a finite number");
      }
    }
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> dictNumber[i]));
    // Equal numbers written differently ("1" and "1.0") share one code: the first text is shown.
    int[] codeOfDict = new int[d];
    List<String> texts = new ArrayList<>();
    List<Double> numbers = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      int di = order[i];
      if (numbers.isEmpty() || numbers.get(numbers.size() - 1) != dictNumber[di]) {
        texts.add(dictText[di]);
        numbers.add(dictNumber[di]);
      }
      codeOfDict[di] = numbers.size() - 1;
    }
    int[] rowCode = new int[rowDict.length];
    for (int r = 0; r < rowDict.length; r++) {
      rowCode[r] = codeOfDict[rowDict[r]];
    }
    double[] codeNumber = numbers.stream().mapToDouble(Double::doubleValue).toArray();
    return new MondrianDimension(
        name,
        true,
        rowCode,
        texts.toArray(new String[0]),
        codeNumber,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A hierarchical dimension from a dictionary-encoded column and a generalization hierarchy.
   *
   * @param name the column's name
   * @param rowDict per row, an index into {@code dictText}
   * @param dictText the distinct values' texts
   * @param hierarchy rows {@code value, level 1, …, top}, ARX's format; rows may have different
   *     lengths only if the caller accepts a synthetic root {@code "*"} above differing tops
   */
  static MondrianDimension hierarchical(
      String name, int[] rowDict, String[] dictText, List<List<String>> hierarchy) {
    // Build the tree from root-to-leaf paths; a node is identified by its whole path, so equal
    // labels under different parents stay different nodes.
    Node root = new Node("*");
    Map<String, Node> leaves = new LinkedHashMap<>();
    boolean singleTop = true;
    String top = null;
    for (List<String> path : hierarchy) {
      if (path.isEmpty()) {
        continue;
      }
      String t = path.get(path.size() - 1);
      if (top == null) {
        top = t;
      } else if (!top.equals(t) || path.size() == 1) {
        singleTop = false;
      }
    }
    boolean skipTop = singleTop && top != null && hierarchy.stream().allMatch(p -> p.size() > 1);
    if (skipTop) {
      root = new Node(top);
    }
    for (List<String> path : hierarchy) {
      if (path.isEmpty()) {
        continue;
      }
      String value = path.get(0);
      if (leaves.containsKey(value)) {
        throw new IllegalArgumentException(
            "hierarchy of column '" + name + "' has the value \"" + value + "\" twice");
      }
      Node n = root;
      for (int level = path.size() - (skipTop ? 2 : 1); level >= 0; level--) {
        n = n.child(path.get(level));
      }
      if (!n.children.isEmpty() || n.isLeaf) {
        throw new IllegalArgumentException(
            "hierarchy of column '"
                + name
                + "': the value \""
                + value
                + "\" is also an inner node of the hierarchy");
      }
      n.isLeaf = true;
      leaves.put(value, n);
    }
    // Depth-first numbering: leaves get consecutive codes, every node an interval.
    List<Node> nodes = new ArrayList<>();
    List<Node> leafOrder = new ArrayList<>();
    number(root, -1, nodes, leafOrder);
    int nodeCount = nodes.size();
    int[] nodeLo = new int[nodeCount];
    int[] nodeHi = new int[nodeCount];
    int[] nodeParent = new int[nodeCount];
    int[][] nodeChildren = new int[nodeCount][];
    String[] nodeLabel = new String[nodeCount];
    for (Node n : nodes) {
      nodeLo[n.id] = n.lo;
      nodeHi[n.id] = n.hi;
      nodeParent[n.id] = n.parent;
      nodeLabel[n.id] = n.label;
      nodeChildren[n.id] = n.children.values().stream().mapToInt(c -> c.id).toArray();
    }
    int[] leafNode = new int[leafOrder.size()];
    String[] codeText = new String[leafOrder.size()];
    for (int c = 0; c < leafOrder.size(); c++) {
      leafNode[c] = leafOrder.get(c).id;
      codeText[c] = leafOrder.get(c).label;
    }
    int[] codeOfDict = new int[dictText.length];
    for (int i = 0; i < dictText.length; i++) {
      Node leaf = leaves.get(dictText[i]);
      if (leaf == null) {
        int row = firstRowWith(rowDict, i);
        throw new IllegalArgumentException(
            "column '"
                + name
                + "' row "
                + (row + 1)
                + ": the value is not in the column's hierarchy (values are not echoed: they may be"
                + " personal data)");
      }
      codeOfDict[i] = leaf.lo;
    }
    int[] rowCode = new int[rowDict.length];
    for (int r = 0; r < rowDict.length; r++) {
      rowCode[r] = codeOfDict[rowDict[r]];
    }
    return new MondrianDimension(
        name,
        false,
        rowCode,
        codeText,
        null,
        leafNode,
        nodeLo,
        nodeHi,
        nodeParent,
        nodeChildren,
        nodeLabel);
  }

  private static int firstRowWith(int[] rowDict, int code) {
    for (int r = 0; r < rowDict.length; r++) {
      if (rowDict[r] == code) {
        return r;
      }
    }
    return -1;
  }

  private static void number(Node n, int parent, List<Node> nodes, List<Node> leafOrder) {
    n.id = nodes.size();
    n.parent = parent;
    nodes.add(n);
    if (n.isLeaf) {
      n.lo = leafOrder.size();
      n.hi = n.lo;
      leafOrder.add(n);
      return;
    }
    n.lo = leafOrder.size();
    for (Node c : n.children.values()) {
      number(c, n.id, nodes, leafOrder);
    }
    n.hi = leafOrder.size() - 1;
  }

  /** The number of codes (distinct numbers, or hierarchy leaves). */
  int domainSize() {
    return codeText.length;
  }

  /**
   * Hierarchical only: the lowest common ancestor of the leaves with codes {@code lo ≤ hi}. Because
   * leaves are numbered depth-first, it is the lowest ancestor of leaf {@code lo} whose interval
   * reaches {@code hi}.
   */
  int lowestCommonAncestor(int lo, int hi) {
    int n = leafNode[lo];
    while (nodeHi[n] < hi) {
      n = nodeParent[n];
    }
    return n;
  }

  /**
   * The normalized width of a region with codes {@code [lo, hi]}, in [0, 1]: the numeric range over
   * the whole range, or (leaves under the lowest common ancestor − 1) over (all leaves − 1).
   */
  double normalizedWidth(int lo, int hi) {
    if (numeric) {
      double all = codeNumber[codeNumber.length - 1] - codeNumber[0];
      return all > 0 ? (codeNumber[hi] - codeNumber[lo]) / all : 0;
    }
    int lca = lowestCommonAncestor(lo, hi);
    int all = domainSize() - 1;
    return all > 0 ? (double) (nodeHi[lca] - nodeLo[lca]) / all : 0;
  }

  private static final class Node {
    final String label;
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean isLeaf;
    int id;
    int parent;
    int lo;
    int hi;

    Node(String label) {
      this.label = label;
    }

    Node child(String label) {
      if (isLeaf) {
        throw new IllegalArgumentException(
            "hierarchy: the value \"" + this.label + "\" is also an inner node");
      }
      return children.computeIfAbsent(label, Node::new);
    }
  }
}

package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.core.internal.Checks;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * Mondrian: k-anonymity (optionally with ℓ-diversity or t-closeness) by strict multidimensional
 * partitioning, for tables too large or too skewed for full-domain generalization.
 *
 * <h2>Algorithm</h2>
 *
 * <p>LeFevre, DeWitt and Ramakrishnan, "Mondrian Multidimensional K-Anonymity", ICDE 2006. The
 * table is cut recursively: each partition is cut in the quasi-identifier with the widest
 * normalized range, at the allowed cut point nearest the median; a cut is allowable iff both sides
 * satisfy the privacy model; if no quasi-identifier has an allowable cut, the partition is
 * published as one equivalence class. Numeric quasi-identifiers are cut between any two values and
 * published as ranges {@code [min, max]}. Hierarchical (categorical) ones are cut only between
 * children of the lowest common ancestor of the partition's values, so each class is published as a
 * node of the hierarchy (or, with {@link CategoricalOutput#SET}, as the set of its values). The run
 * takes O(n log n · d) time for n rows and d quasi-identifiers.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Every published equivalence class (rows with equal published quasi-identifiers) satisfies the
 * model: it has at least {@code k} rows, and — with {@link Builder#distinctL(int)} or {@link
 * Builder#tCloseness(double)} — its sensitive values are ℓ-diverse or t-close to the table's. Two
 * partitions may publish the same tuple; their union satisfies the model too. No row is suppressed;
 * if the whole table does not satisfy the model the run fails.
 *
 * <p><b>Warning:</b> k-anonymity protects against re-identification through the declared
 * quasi-identifiers only; columns not declared are dropped unless declared sensitive or insensitive
 * (which are published unchanged). It does not protect against an adversary who knows that a person
 * is absent, nor does it compose across releases.
 *
 * <p>Immutable and thread-safe; each {@link #anonymize(Table)} call works on its own copy.
 */
public final class Mondrian {

  /** How a hierarchical quasi-identifier is published for a class. */
  public enum CategoricalOutput {
    /** The lowest hierarchy node covering the class's values, e.g. {@code 941**}. */
    ANCESTOR,
    /** The class's distinct values in hierarchy order, e.g. {@code {94107, 94110}}. */
    SET
  }

  private final Map<String, Hierarchy> quasiIdentifiers;
  private final List<String> sensitive;
  private final List<String> insensitive;
  private final int k;
  private final int distinctL;
  private final double t;
  private final CategoricalOutput categoricalOutput;
  private final DoubleConsumer progress;

  private Mondrian(Builder b) {
    this.quasiIdentifiers = Collections.unmodifiableMap(new LinkedHashMap<>(b.quasiIdentifiers));
    this.sensitive = List.copyOf(b.sensitive);
    this.insensitive = List.copyOf(b.insensitive);
    this.k = b.k;
    this.distinctL = b.distinctL;
    this.t = b.t;
    this.categoricalOutput = b.categoricalOutput;
    this.progress = b.progress;
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The minimum class size.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  /**
   * Anonymizes a table.
   *
   * @param table the input; must have every declared column
   * @return the published table, its equivalence classes and the loss
   * @throws IllegalArgumentException if a declared column is missing (the message names it), a
   *     numeric quasi-identifier has a value that is not a number, a hierarchical one has a value
   *     missing from its hierarchy (the message names the column, row and value), or the table as a
   *     whole does not satisfy the model (e.g. fewer than k rows)
   */
  public MondrianResult anonymize(Table table) {
    Checks.notNull("table", table);
    for (String name : declaredColumns()) {
      table.columnIndex(name); // throws naming the unknown column
    }
    int n = table.rowCount();
    if (n < k) {
      throw new IllegalArgumentException("table must have at least k = " + k + " rows, got " + n);
    }
    List<MondrianDimension> dims = new ArrayList<>();
    for (Map.Entry<String, Hierarchy> qi : quasiIdentifiers.entrySet()) {
      Column c = table.column(qi.getKey());
      dims.add(dimension(c, qi.getValue()));
    }
    MondrianPartitioner.Criterion criterion = criterion(table);
    MondrianPartitioner partitioner = new MondrianPartitioner(dims, criterion, progress);
    int[] rows = partitioner.run();
    return MondrianResult.build(
        table, dims, rows, partitioner.partitions(), categoricalOutput, sensitive, insensitive, k);
  }

  private List<String> declaredColumns() {
    List<String> all = new ArrayList<>(quasiIdentifiers.keySet());
    all.addAll(sensitive);
    all.addAll(insensitive);
    return all;
  }

  private static MondrianDimension dimension(Column c, Hierarchy h) {
    int size = c.size();
    int[] codes = c.codes();
    String[] dict = c.dictionary().toArray(new String[0]);
    if (h != null) {
      List<List<String>> rows = new ArrayList<>();
      for (String v : h.values()) {
        rows.add(h.row(v));
      }
      return MondrianDimension.hierarchical(c.name(), codes, dict, rows);
    }
    double[] numbers = new double[dict.length];
    boolean bad = false;
    for (int i = 0; i < dict.length; i++) {
      numbers[i] = number(c, i);
      bad |= Double.isNaN(numbers[i]);
    }
    if (bad) {
      for (int row = 0; row < size; row++) {
        if (Double.isNaN(numbers[codes[row]])) {
          throw new IllegalArgumentException(
              "column '"
                  + c.name()
                  + "' row "
                  + (row + 1)
                  + ": \""
                  + dict[codes[row]]
                  + "\" is not a number; a quasi-identifier without a hierarchy must be numeric");
        }
      }
    }
    return MondrianDimension.numeric(c.name(), codes, dict, numbers);
  }

  /** The value's number, or NaN if it is not a finite number. */
  private static double number(Column c, int code) {
    double v;
    if (c.type() != ColumnType.STRING) {
      v = c.number(code);
    } else {
      try {
        v = new BigDecimal(c.dictionaryValue(code).trim()).doubleValue();
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.isFinite(v) ? v : Double.NaN;
  }

  private MondrianPartitioner.Criterion criterion(Table table) {
    if (distinctL <= 1 && Double.isNaN(t)) {
      return (rows, from, to) -> to - from >= k;
    }
    int[] s = table.column(sensitive.get(0)).codes();
    int domain = table.column(sensitive.get(0)).cardinality();
    double[] global = new double[domain];
    for (int v : s) {
      global[v] += 1.0 / s.length;
    }
    int l = distinctL;
    double tLimit = t;
    return (rows, from, to) -> {
      int size = to - from;
      if (size < k) {
        return false;
      }
      int[] counts = new int[domain];
      int distinct = 0;
      for (int i = from; i < to; i++) {
        if (counts[s[rows[i]]]++ == 0) {
          distinct++;
        }
      }
      if (distinct < l) {
        return false;
      }
      if (!Double.isNaN(tLimit)) {
        // Earth mover's distance with equal ground distance = total variation distance.
        double tv = 0;
        for (int v = 0; v < domain; v++) {
          tv += Math.abs((double) counts[v] / size - global[v]);
        }
        return tv / 2 <= tLimit;
      }
      return true;
    };
  }

  @Override
  public String toString() {
    return "Mondrian[k="
        + k
        + (distinctL > 1 ? ", distinct-l=" + distinctL : "")
        + (Double.isNaN(t) ? "" : ", t=" + t)
        + ", quasi-identifiers="
        + quasiIdentifiers.keySet()
        + "]";
  }

  /** Builds a {@link Mondrian}; setters validate at once, {@link #build()} the combination. */
  public static final class Builder {
    private final Map<String, Hierarchy> quasiIdentifiers = new LinkedHashMap<>();
    private final List<String> sensitive = new ArrayList<>();
    private final List<String> insensitive = new ArrayList<>();
    private int k = 0;
    private int distinctL = 1;
    private double t = Double.NaN;
    private CategoricalOutput categoricalOutput = CategoricalOutput.ANCESTOR;
    private DoubleConsumer progress;

    private Builder() {}

    /**
     * Declares a numeric quasi-identifier (an INTEGER, DECIMAL, DATE or DATE_TIME column, or a
     * STRING column whose values are all numbers), published as ranges.
     *
     * @param column the column's name
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already declared
     */
    public Builder numeric(String column) {
      declare(column);
      quasiIdentifiers.put(column, null);
      return this;
    }

    /**
     * Declares a categorical quasi-identifier with its generalization hierarchy.
     *
     * @param column the column's name
     * @param hierarchy a hierarchy holding every value of the column
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already declared, or the hierarchy
     *     is null
     */
    public Builder hierarchical(String column, Hierarchy hierarchy) {
      Checks.notNull("hierarchy", hierarchy);
      declare(column);
      quasiIdentifiers.put(column, hierarchy);
      return this;
    }

    /**
     * Declares the sensitive attribute, published unchanged (and protected by ℓ-diversity or
     * t-closeness if set). At most one.
     *
     * @param column the column's name
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already declared, or a sensitive
     *     attribute is already declared
     */
    public Builder sensitive(String column) {
      if (!sensitive.isEmpty()) {
        throw new IllegalArgumentException(
            "sensitive must be declared at most once, got '"
                + column
                + "' after '"
                + sensitive.get(0)
                + "'");
      }
      declare(column);
      sensitive.add(column);
      return this;
    }

    /**
     * Declares a column published unchanged. Columns not declared at all are dropped (treated as
     * identifying).
     *
     * @param column the column's name
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already declared
     */
    public Builder insensitive(String column) {
      declare(column);
      insensitive.add(column);
      return this;
    }

    /**
     * The minimum class size (required).
     *
     * @param k in [2, 2^31 − 1]
     * @return this builder
     * @throws IllegalArgumentException if {@code k < 2}
     */
    public Builder k(int k) {
      Checks.inRange("k", k, 2, Integer.MAX_VALUE);
      this.k = k;
      return this;
    }

    /**
     * Distinct ℓ-diversity (Machanavajjhala et al., ICDE 2006): every class has at least ℓ distinct
     * sensitive values. Needs a sensitive attribute.
     *
     * @param l in [2, 2^31 − 1]
     * @return this builder
     * @throws IllegalArgumentException if {@code l < 2}
     */
    public Builder distinctL(int l) {
      Checks.inRange("l", l, 2, Integer.MAX_VALUE);
      this.distinctL = l;
      return this;
    }

    /**
     * t-closeness (Li, Li and Venkatasubramanian, ICDE 2007) with the equal ground distance: in
     * every class the distribution of the sensitive attribute is within earth mover's distance
     * {@code t} (here the total variation distance) of the table's. Needs a sensitive attribute.
     *
     * @param t in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if {@code t} is not in (0, 1)
     */
    public Builder tCloseness(double t) {
      Checks.openUnit("t", t);
      this.t = t;
      return this;
    }

    /**
     * How hierarchical quasi-identifiers are published. Default {@link CategoricalOutput#ANCESTOR}.
     *
     * @param output the style
     * @return this builder
     * @throws IllegalArgumentException if {@code output} is null
     */
    public Builder categoricalOutput(CategoricalOutput output) {
      this.categoricalOutput = Checks.notNull("output", output);
      return this;
    }

    /**
     * Receives the fraction of rows placed in final classes, in (0, 1], about every percent; called
     * on the thread that runs {@link Mondrian#anonymize(Table)}.
     *
     * @param listener the listener, or null for none
     * @return this builder
     */
    public Builder progress(DoubleConsumer listener) {
      this.progress = listener;
      return this;
    }

    private void declare(String column) {
      Checks.nonBlank("column", column);
      if (quasiIdentifiers.containsKey(column)
          || sensitive.contains(column)
          || insensitive.contains(column)) {
        throw new IllegalArgumentException("column '" + column + "' is declared twice");
      }
    }

    /**
     * Builds the algorithm.
     *
     * @return an immutable Mondrian
     * @throws IllegalStateException if k or every quasi-identifier is missing, or ℓ or t is set
     *     without a sensitive attribute
     */
    public Mondrian build() {
      Checks.state(k >= 2, "k must be set");
      Checks.state(!quasiIdentifiers.isEmpty(), "at least one quasi-identifier must be declared");
      Checks.state(
          sensitive.size() == 1 || (distinctL <= 1 && Double.isNaN(t)),
          "l-diversity and t-closeness need a sensitive attribute");
      return new Mondrian(this);
    }
  }
}

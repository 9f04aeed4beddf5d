package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.Column;
import io.privacity.anonymize.data.ColumnType;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.model.ClassCriterion;
import io.privacity.anonymize.model.Histogram;
import io.privacity.anonymize.model.PrivacyModel;
import io.privacity.core.internal.Checks;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Every published equivalence class (rows with equal published quasi-identifiers) has at least
 * {@code k} rows and satisfies every {@link Builder#model(PrivacyModel) model} (ℓ-diversity,
 * t-closeness, from {@code io.privacity.anonymize.model}). Two partitions may publish the same
 * tuple; their union satisfies the models too, since each model is monotone under merging classes
 * (see {@link PrivacyModel}). No row is suppressed; if the whole table does not satisfy the models
 * the run fails closed with {@link AnonymizationFailedException}. Proof sketch: {@code
 * docs/proofs/mondrian-mdav.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <p>Declare every column an attacker could link on as a quasi-identifier, and give categorical
 * ones a hierarchy that covers every value. Columns not declared are dropped; sensitive and
 * insensitive columns are published unchanged.
 *
 * <p><b>Warning:</b> k-anonymity protects against re-identification through the declared
 * quasi-identifiers only. It gives no differential-privacy guarantee, does not hide whether a
 * person is in the table, and does not compose across releases: two Mondrian releases of
 * overlapping data can be intersected. Class boundaries depend on the data (medians), so the
 * published ranges themselves reveal something about the distribution.
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
  private final List<PrivacyModel> models;
  private final CategoricalOutput categoricalOutput;
  private final DoubleConsumer progress;

  private Mondrian(Builder b) {
    this.quasiIdentifiers = Collections.unmodifiableMap(new LinkedHashMap<>(b.quasiIdentifiers));
    this.sensitive = List.copyOf(b.sensitive);
    this.insensitive = List.copyOf(b.insensitive);
    this.k = b.k;
    this.models = List.copyOf(b.models);
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
   *     missing from its hierarchy (the message names the column, row and value), or the table has
   *     fewer than k rows
   * @throws AnonymizationFailedException if the table as a whole does not satisfy the models (e.g.
   *     ℓ-diversity of an attribute with fewer than ℓ values): nothing is released
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
                  + ": the value is not a number (values are not echoed: they may be personal"
                  + " data); a quasi-identifier without a hierarchy must be numeric");
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
    int modelCount = models.size();
    ClassCriterion[] bound = new ClassCriterion[modelCount];
    int[][] sensitiveCodes = new int[modelCount][];
    int[][] scratch = new int[modelCount][];
    int[][] seen = new int[modelCount][];
    for (int m = 0; m < modelCount; m++) {
      PrivacyModel model = models.get(m);
      bound[m] = model.bind(table);
      String s = model.sensitiveAttribute().orElse(null);
      if (s != null) {
        Column c = table.column(s);
        sensitiveCodes[m] = c.codes();
        scratch[m] = new int[c.cardinality()];
        seen[m] = new int[c.cardinality()];
      }
    }
    return (rows, from, to) -> {
      int size = to - from;
      if (size < k) {
        return false;
      }
      for (int m = 0; m < modelCount; m++) {
        Histogram h =
            sensitiveCodes[m] == null
                ? null
                : histogram(sensitiveCodes[m], scratch[m], seen[m], rows, from, to);
        if (!bound[m].isSatisfiedBy(size, h)) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * The sensitive values of rows[from..to). {@code counts} is all zero before and after; {@code
   * seen} is scratch space of the same length.
   */
  private static Histogram histogram(
      int[] codes, int[] counts, int[] seen, int[] rows, int from, int to) {
    int distinct = 0;
    for (int i = from; i < to; i++) {
      int c = codes[rows[i]];
      if (counts[c]++ == 0) {
        seen[distinct++] = c;
      }
    }
    int[] present = Arrays.copyOf(seen, distinct);
    Arrays.sort(present);
    int[] n = new int[distinct];
    for (int j = 0; j < distinct; j++) {
      n[j] = counts[present[j]];
      counts[present[j]] = 0;
    }
    return Histogram.of(present, n);
  }

  @Override
  public String toString() {
    return "Mondrian[k="
        + k
        + (models.isEmpty() ? "" : ", models=" + models)
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
    private final List<PrivacyModel> models = new ArrayList<>();
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
     * Declares a sensitive attribute, published unchanged (protected by the ℓ-diversity or
     * t-closeness models on it, if any).
     *
     * @param column the column's name
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already declared
     */
    public Builder sensitive(String column) {
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
     * An additional privacy model every class must satisfy, e.g. {@code
     * LDiversity.distinct("disease", 3)} or {@code TCloseness.equalDistance("disease", 0.2)}, the
     * same model classes as the optimal {@link Anonymizer} uses. A model's sensitive attribute is
     * published unchanged (it is declared sensitive if it was not declared). Repeatable.
     *
     * @param model the model
     * @return this builder
     * @throws IllegalArgumentException if the model is null, or its sensitive attribute is declared
     *     as a quasi-identifier or insensitive column
     */
    public Builder model(PrivacyModel model) {
      Checks.notNull("model", model);
      String s = model.sensitiveAttribute().orElse(null);
      if (s != null && !sensitive.contains(s)) {
        declare(s);
        sensitive.add(s);
      }
      models.add(model);
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
     * @throws IllegalStateException if k or every quasi-identifier is missing
     */
    public Mondrian build() {
      Checks.state(k >= 2, "k must be set");
      Checks.state(!quasiIdentifiers.isEmpty(), "at least one quasi-identifier must be declared");
      return new Mondrian(this);
    }
  }
}

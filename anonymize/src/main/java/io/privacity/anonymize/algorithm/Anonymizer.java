package io.privacity.anonymize.algorithm;

import io.privacity.anonymize.data.AttributeRole;
import io.privacity.anonymize.data.Table;
import io.privacity.anonymize.hierarchy.Hierarchy;
import io.privacity.anonymize.metric.Metrics;
import io.privacity.anonymize.metric.UtilityMetric;
import io.privacity.anonymize.model.PrivacyModel;
import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * Optimal full-domain generalization: finds the generalization levels (one per quasi-identifier)
 * that satisfy every privacy model, suppressing at most a given fraction of records, with the least
 * information loss under a utility metric; then releases the generalized table.
 *
 * <pre>{@code
 * AnonymizationResult r = Anonymizer.builder()
 *     .quasiIdentifier("age", ageHierarchy)
 *     .quasiIdentifier("zip", Hierarchies.masking(table.column("zip").dictionary()))
 *     .sensitive("diagnosis")
 *     .model(KAnonymity.of(5))
 *     .model(LDiversity.distinct("diagnosis", 3))
 *     .suppressionLimit(0.02)
 *     .metric(Metrics.loss())
 *     .build()
 *     .anonymize(table);
 * }</pre>
 *
 * <h2>Guarantee</h2>
 *
 * <p>Every equivalence class of the released table (records with equal generalized
 * quasi-identifiers) satisfies every model; records of classes that do not are removed, and there
 * are at most {@code floor(limit · rows)} of them. The result is optimal: no other full-domain
 * generalization of the given hierarchies meets the same constraints with a lower metric value
 * (ties go to the lowest sum of levels). The search is Flash-like predictive tagging of the lattice
 * (Kohlmayer et al., PASSAT 2012), see the models' monotonicity in {@link PrivacyModel}; the
 * argument is written out in {@code docs/proofs/lattice-search.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <p>Choose the quasi-identifiers: every column an attacker could link on must be one. Syntactic
 * models protect against linkage on the declared quasi-identifiers only; they give no
 * differential-privacy guarantee and do not compose over several releases of the same people.
 * Columns without a role are {@link AttributeRole#IDENTIFYING} (removed) unless {@link
 * Builder#defaultRole} says otherwise.
 *
 * <p>Thread-safety: immutable; {@link #anonymize} may be called from many threads.
 */
public final class Anonymizer {
  private final Map<String, Hierarchy> quasiIdentifiers;
  private final Map<String, AttributeRole> roles;
  private final AttributeRole defaultRole;
  private final List<PrivacyModel> models;
  private final double suppressionLimit;
  private final UtilityMetric metric;
  private final DoubleConsumer progress;

  private Anonymizer(Builder b) {
    this.quasiIdentifiers = Collections.unmodifiableMap(new LinkedHashMap<>(b.quasiIdentifiers));
    this.roles = Collections.unmodifiableMap(new LinkedHashMap<>(b.roles));
    this.defaultRole = b.defaultRole;
    this.models = List.copyOf(b.models);
    this.suppressionLimit = b.suppressionLimit;
    this.metric = b.metric;
    this.progress = b.progress;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The role of a column of a table under this configuration.
   *
   * @param column the column name
   * @return its role (the default role if it was not named)
   */
  public AttributeRole roleOf(String column) {
    return roles.getOrDefault(column, defaultRole);
  }

  /**
   * Finds the optimal generalization and releases the table under it.
   *
   * @param table the input, with at least one row
   * @return the result
   * @throws IllegalArgumentException if the table is empty, a named column is missing (the message
   *     names it), or a quasi-identifier's value is missing from its hierarchy (the message names
   *     the column, the value and the row)
   * @throws AnonymizationFailedException if no generalization satisfies the models within the
   *     suppression limit
   */
  public AnonymizationResult anonymize(Table table) {
    Encoded e = encode(table);
    Search search = new Search(e, metric, isMonotone(e));
    search.onProgress(progress);
    int node = search.run();
    if (node < 0) {
      throw new AnonymizationFailedException(
          "no generalization satisfies "
              + models
              + " with at most "
              + e.maxSuppressed
              + " of "
              + e.rows
              + " records suppressed (limit "
              + suppressionLimit
              + ")");
    }
    return release(
        e,
        search.levelsOf(node),
        search.latticeSize(),
        search.checkedCount(),
        search.inputClassSizes());
  }

  /**
   * Releases the table under given levels (no search), e.g. to apply levels chosen earlier. Classes
   * that violate a model are suppressed; {@link AnonymizationResult#isAnonymous()} tells whether
   * that stayed within the suppression limit.
   *
   * @param table the input, with at least one row
   * @param levels a level for every quasi-identifier, each in [0, its hierarchy's maxLevel()]
   * @return the result
   * @throws IllegalArgumentException as {@link #anonymize}, or if a level is missing, out of range
   *     or names an unknown quasi-identifier
   */
  public AnonymizationResult transform(Table table, Map<String, Integer> levels) {
    Checks.notNull("levels", levels);
    for (String name : levels.keySet()) {
      if (!quasiIdentifiers.containsKey(name)) {
        throw new IllegalArgumentException(
            "levels: '" + name + "' is not a quasi-identifier " + quasiIdentifiers.keySet());
      }
    }
    Encoded e = encode(table);
    int[] node = new int[e.qiCount];
    for (int j = 0; j < e.qiCount; j++) {
      Integer level = levels.get(e.qiNames[j]);
      if (level == null) {
        throw new IllegalArgumentException("levels: missing a level for '" + e.qiNames[j] + "'");
      }
      Checks.inRange("level of '" + e.qiNames[j] + "'", level, 0, e.maxLevel[j]);
      node[j] = level;
    }
    long size = 1;
    for (int j = 0; j < e.qiCount; j++) {
      size = Math.min(Integer.MAX_VALUE, size * (e.maxLevel[j] + 1));
    }
    return release(e, node, (int) size, 1, Grouping.fromRows(e, new int[e.qiCount], false).sizes());
  }

  private boolean isMonotone(Encoded e) {
    if (e.maxSuppressed == 0) {
      return true;
    }
    for (PrivacyModel m : models) {
      if (!m.isMonotoneWithSuppression()) {
        return false;
      }
    }
    return true;
  }

  private Encoded encode(Table table) {
    Checks.notNull("table", table);
    if (table.rowCount() == 0) {
      throw new IllegalArgumentException("table must have at least one row, got 0");
    }
    for (String name : roles.keySet()) {
      table.columnIndex(name);
    }
    List<String> qis = new ArrayList<>(quasiIdentifiers.keySet());
    return new Encoded(
        table, qis, new ArrayList<>(quasiIdentifiers.values()), models, suppressionLimit);
  }

  private AnonymizationResult release(
      Encoded e, int[] levels, int latticeSize, int checked, int[] inputClassSizes) {
    Grouping g = Grouping.fromRows(e, levels, true);
    g.evaluate(e);
    int kept = e.rows - g.suppressed;
    int[] source = new int[kept];
    int[] suppressedRows = new int[g.suppressed];
    int k = 0;
    int s = 0;
    for (int r = 0; r < e.rows; r++) {
      if (g.ok[g.classOf[r]]) {
        source[k++] = r;
      } else {
        suppressedRows[s++] = r;
      }
    }
    List<String> outputNames = new ArrayList<>();
    for (String name : e.table.columnNames()) {
      if (roleOf(name) != AttributeRole.IDENTIFYING) {
        outputNames.add(name);
      }
    }
    if (outputNames.isEmpty()) {
      throw new IllegalArgumentException(
          "every column is identifying: nothing would be released from " + e.table.columnNames());
    }
    Map<String, Integer> levelMap = new LinkedHashMap<>();
    for (int j = 0; j < e.qiCount; j++) {
      levelMap.put(e.qiNames[j], levels[j]);
    }
    return new AnonymizationResult(
        Collections.unmodifiableMap(levelMap),
        e,
        g,
        levels,
        outputNames,
        suppressedRows,
        source,
        metric,
        g.suppressed <= e.maxSuppressed,
        latticeSize,
        checked,
        inputClassSizes);
  }

  @Override
  public String toString() {
    return "Anonymizer[quasiIdentifiers="
        + quasiIdentifiers.keySet()
        + ", models="
        + models
        + ", suppressionLimit="
        + suppressionLimit
        + ", metric="
        + metric.name()
        + "]";
  }

  /**
   * Configures an {@link Anonymizer}. Each setter validates at once; {@link #build()} checks the
   * combination. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, Hierarchy> quasiIdentifiers = new LinkedHashMap<>();
    private final Map<String, AttributeRole> roles = new LinkedHashMap<>();
    private AttributeRole defaultRole = AttributeRole.IDENTIFYING;
    private final List<PrivacyModel> models = new ArrayList<>();
    private double suppressionLimit = 0;
    private UtilityMetric metric = Metrics.loss();
    private DoubleConsumer progress = f -> {};

    private Builder() {}

    /**
     * Receives the search's progress: a fraction in [0, 1], non-decreasing, ending with 1, from the
     * thread that calls {@link Anonymizer#anonymize} (first half: deciding which generalizations
     * are anonymous; second half: evaluating the candidates).
     *
     * @param listener the listener
     * @return this builder
     * @throws IllegalArgumentException if the listener is null
     */
    public Builder progress(DoubleConsumer listener) {
      this.progress = Checks.notNull("listener", listener);
      return this;
    }

    /**
     * Declares a quasi-identifier and its generalization hierarchy.
     *
     * @param column the column name
     * @param hierarchy a hierarchy covering every value of the column
     * @return this builder
     * @throws IllegalArgumentException if the name is blank, the hierarchy null, or the column
     *     already has a role
     */
    public Builder quasiIdentifier(String column, Hierarchy hierarchy) {
      Checks.notNull("hierarchy", hierarchy);
      role(column, AttributeRole.QUASI_IDENTIFYING);
      quasiIdentifiers.put(column, hierarchy);
      return this;
    }

    /**
     * Short for {@link #quasiIdentifier(String, Hierarchy)}.
     *
     * @param column the column name
     * @param hierarchy a hierarchy covering every value of the column
     * @return this builder
     * @throws IllegalArgumentException as {@link #quasiIdentifier(String, Hierarchy)}
     */
    public Builder qi(String column, Hierarchy hierarchy) {
      return quasiIdentifier(column, hierarchy);
    }

    /**
     * Declares sensitive columns (released unchanged; protected by ℓ-diversity or t-closeness).
     * Columns named by a model's {@link PrivacyModel#sensitiveAttribute()} are sensitive anyway.
     *
     * @param columns the column names
     * @return this builder
     * @throws IllegalArgumentException if a name is blank or already has a role
     */
    public Builder sensitive(String... columns) {
      return roles(columns, AttributeRole.SENSITIVE);
    }

    /**
     * Declares insensitive columns (released unchanged).
     *
     * @param columns the column names
     * @return this builder
     * @throws IllegalArgumentException if a name is blank or already has a role
     */
    public Builder insensitive(String... columns) {
      return roles(columns, AttributeRole.INSENSITIVE);
    }

    /**
     * Declares identifying columns (removed).
     *
     * @param columns the column names
     * @return this builder
     * @throws IllegalArgumentException if a name is blank or already has a role
     */
    public Builder identifying(String... columns) {
      return roles(columns, AttributeRole.IDENTIFYING);
    }

    /**
     * The role of columns not named (default {@link AttributeRole#IDENTIFYING}: removed, the safe
     * choice).
     *
     * @param role {@link AttributeRole#IDENTIFYING}, {@link AttributeRole#INSENSITIVE} or {@link
     *     AttributeRole#SENSITIVE}
     * @return this builder
     * @throws IllegalArgumentException if the role is null or {@link
     *     AttributeRole#QUASI_IDENTIFYING} (which needs a hierarchy)
     */
    public Builder defaultRole(AttributeRole role) {
      Checks.notNull("role", role);
      if (role == AttributeRole.QUASI_IDENTIFYING) {
        throw new IllegalArgumentException(
            "defaultRole must be IDENTIFYING, SENSITIVE or INSENSITIVE, got QUASI_IDENTIFYING"
                + " (a quasi-identifier needs a hierarchy)");
      }
      this.defaultRole = role;
      return this;
    }

    /**
     * Adds a privacy model; every model must hold in every released class.
     *
     * @param model the model
     * @return this builder
     * @throws IllegalArgumentException if the model is null
     */
    public Builder model(PrivacyModel model) {
      models.add(Checks.notNull("model", model));
      return this;
    }

    /**
     * The fraction of records that may be suppressed (removed) so that the rest satisfies the
     * models (default 0).
     *
     * @param limit in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if the limit is NaN or outside [0, 1]
     */
    public Builder suppressionLimit(double limit) {
      if (!(limit >= 0 && limit <= 1)) {
        throw new IllegalArgumentException("suppressionLimit must be in [0, 1], got " + limit);
      }
      this.suppressionLimit = limit;
      return this;
    }

    /**
     * The utility metric to minimize (default {@link Metrics#loss()}).
     *
     * @param metric the metric
     * @return this builder
     * @throws IllegalArgumentException if the metric is null
     */
    public Builder metric(UtilityMetric metric) {
      this.metric = Checks.notNull("metric", metric);
      return this;
    }

    /**
     * Builds the anonymizer.
     *
     * @return the anonymizer
     * @throws IllegalArgumentException if there is no quasi-identifier or no model, or a model's
     *     sensitive attribute has another role (the message names it)
     */
    public Anonymizer build() {
      if (quasiIdentifiers.isEmpty()) {
        throw new IllegalArgumentException(
            "at least one quasi-identifier is required (quasiIdentifier(column, hierarchy))");
      }
      if (models.isEmpty()) {
        throw new IllegalArgumentException(
            "at least one privacy model is required (e.g. model(KAnonymity.of(5)))");
      }
      for (PrivacyModel m : models) {
        String s = m.sensitiveAttribute().orElse(null);
        if (s == null) {
          continue;
        }
        AttributeRole r = roles.get(s);
        if (r == null) {
          roles.put(s, AttributeRole.SENSITIVE);
        } else if (r != AttributeRole.SENSITIVE) {
          throw new IllegalArgumentException(
              "column '" + s + "' is the sensitive attribute of " + m + " but has the role " + r);
        }
      }
      return new Anonymizer(this);
    }

    private Builder roles(String[] columns, AttributeRole role) {
      Checks.notNull("columns", columns);
      for (String c : columns) {
        role(c, role);
      }
      return this;
    }

    private void role(String column, AttributeRole role) {
      Checks.nonBlank("column", column);
      AttributeRole previous = roles.putIfAbsent(column, role);
      if (previous != null) {
        throw new IllegalArgumentException(
            "column '"
                + column
                + "' already has the role "
                + previous
                + ", cannot make it "
                + role);
      }
    }
  }
}

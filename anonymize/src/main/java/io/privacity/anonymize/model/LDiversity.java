package io.privacity.anonymize.model;

import io.privacity.anonymize.data.Table;
import io.privacity.core.internal.Checks;
import java.util.Arrays;
import java.util.Optional;

/**
 * ℓ-diversity of a sensitive attribute (Machanavajjhala, Kifer, Gehrke, Venkitasubramaniam,
 * "ℓ-Diversity: Privacy Beyond k-Anonymity", ACM TKDD 2007), in three variants:
 *
 * <ul>
 *   <li><b>distinct</b>: every class has at least ℓ distinct sensitive values;
 *   <li><b>entropy</b>: every class's sensitive distribution has entropy {@code -Σ p ln p >= ln ℓ}
 *       (compared with a relative tolerance of 1e-12 against rounding);
 *   <li><b>recursive (c,ℓ)</b>: with the class's counts sorted in decreasing order {@code r1 >= r2
 *       >= … >= rm}, {@code m >= ℓ} and {@code r1 < c·(rℓ + … + rm)}: the most frequent value is
 *       not too frequent even after an adversary eliminates ℓ−2 values.
 * </ul>
 *
 * <p><b>Warning:</b> distinct ℓ-diversity allows a class with one value in 99% of its records;
 * prefer the entropy or recursive variants, or {@link TCloseness}, when the distribution is skewed.
 *
 * <p>Monotone without suppression (all variants); with suppression only the distinct variant.
 * Immutable and thread-safe.
 */
public final class LDiversity implements PrivacyModel {
  private enum Variant {
    DISTINCT,
    ENTROPY,
    RECURSIVE
  }

  private final Variant variant;
  private final String attribute;
  private final double l;
  private final double c;

  private LDiversity(Variant variant, String attribute, double l, double c) {
    this.variant = variant;
    this.attribute = attribute;
    this.l = l;
    this.c = c;
  }

  /**
   * Distinct ℓ-diversity.
   *
   * @param attribute the sensitive column
   * @param l the minimal number of distinct values per class, {@code >= 2}
   * @return the model
   * @throws IllegalArgumentException if the attribute is blank or {@code l < 2}
   */
  public static LDiversity distinct(String attribute, int l) {
    Checks.nonBlank("attribute", attribute);
    Checks.inRange("l", l, 2, Integer.MAX_VALUE);
    return new LDiversity(Variant.DISTINCT, attribute, l, Double.NaN);
  }

  /**
   * Entropy ℓ-diversity.
   *
   * @param attribute the sensitive column
   * @param l the entropy bound: each class needs entropy {@code >= ln l}; finite and {@code >= 2}
   * @return the model
   * @throws IllegalArgumentException if the attribute is blank or {@code l} is not finite or {@code
   *     < 2}
   */
  public static LDiversity entropy(String attribute, double l) {
    Checks.nonBlank("attribute", attribute);
    if (!(l >= 2) || Double.isInfinite(l)) {
      throw new IllegalArgumentException("l must be finite and >= 2, got " + l);
    }
    return new LDiversity(Variant.ENTROPY, attribute, l, Double.NaN);
  }

  /**
   * Recursive (c,ℓ)-diversity.
   *
   * @param attribute the sensitive column
   * @param c the constant, finite and {@code > 0}
   * @param l the number of values, {@code >= 2}
   * @return the model
   * @throws IllegalArgumentException if the attribute is blank, {@code c} is not finite and
   *     positive, or {@code l < 2}
   */
  public static LDiversity recursive(String attribute, double c, int l) {
    Checks.nonBlank("attribute", attribute);
    Checks.positiveFinite("c", c);
    Checks.inRange("l", l, 2, Integer.MAX_VALUE);
    return new LDiversity(Variant.RECURSIVE, attribute, l, c);
  }

  /**
   * The ℓ parameter.
   *
   * @return ℓ
   */
  public double l() {
    return l;
  }

  @Override
  public Optional<String> sensitiveAttribute() {
    return Optional.of(attribute);
  }

  @Override
  public int minimalClassSize() {
    return (int) Math.ceil(l);
  }

  @Override
  public boolean isMonotoneWithSuppression() {
    return variant == Variant.DISTINCT;
  }

  @Override
  public ClassCriterion bind(Table table) {
    Checks.notNull("table", table);
    table.columnIndex(attribute);
    switch (variant) {
      case DISTINCT:
        return (size, h) -> h.distinct() >= l;
      case ENTROPY:
        double bound = Math.log(l);
        return (size, h) -> entropy(h) >= bound - 1e-12 * Math.max(1, bound);
      case RECURSIVE:
        return (size, h) -> recursive(h, c, (int) l);
      default:
        throw new AssertionError(variant);
    }
  }

  private static double entropy(Histogram h) {
    double n = h.total();
    double sum = 0;
    for (int i = 0; i < h.distinct(); i++) {
      double cnt = h.count(i);
      sum += cnt * Math.log(cnt);
    }
    return Math.log(n) - sum / n;
  }

  private static boolean recursive(Histogram h, double c, int l) {
    int m = h.distinct();
    if (m < l) {
      return false;
    }
    int[] r = new int[m];
    for (int i = 0; i < m; i++) {
      r[i] = h.count(i);
    }
    Arrays.sort(r); // ascending: r[m-1] is the most frequent, r[m-l] is the l-th most frequent.
    long tail = 0;
    for (int i = 0; i <= m - l; i++) {
      tail += r[i];
    }
    return r[m - 1] < c * tail;
  }

  @Override
  public String toString() {
    switch (variant) {
      case DISTINCT:
        return "distinct-" + (int) l + "-diversity(" + attribute + ")";
      case ENTROPY:
        return "entropy-" + l + "-diversity(" + attribute + ")";
      default:
        return "recursive-(" + c + "," + (int) l + ")-diversity(" + attribute + ")";
    }
  }
}

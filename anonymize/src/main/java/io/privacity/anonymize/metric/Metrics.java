package io.privacity.anonymize.metric;

/**
 * The built-in {@link UtilityMetric}s. All are immutable and thread-safe. The first four are
 * defined exactly as ARX defines them (Prasser, Kohlmayer et al., "Flexible data anonymization
 * using ARX", Software: Practice and Experience 2016; ARX 3.9's {@code Metric.createLossMetric()},
 * {@code createDiscernabilityMetric()}, {@code createEntropyMetric()} and {@code
 * createPrecisionMetric()}, i.e. the non-monotonic variants that charge suppressed records), so the
 * optimal search picks the same optimum as ARX:
 *
 * <ul>
 *   <li>{@link #loss()}: per quasi-identifier, the share of the domain a record's value covers,
 *       suppressed records counting 1; combined over quasi-identifiers by ARX's default geometric
 *       mean; in [0, 1];
 *   <li>{@link #discernibility()}: {@code Σ |class|² + suppressed · rows} (Bayardo and Agrawal,
 *       ICDE 2005);
 *   <li>{@link #nonUniformEntropy()}: the bits of information generalization and suppression take
 *       away, summed over quasi-identifiers (Gionis and Tassa, TKDE 2009);
 *   <li>{@link #precision()}: the mean over quasi-identifiers of the level divided by the
 *       hierarchy's height, suppressed records counting 1 (Sweeney, IJUFKS 2002);
 * </ul>
 *
 * <p>and two that are not ARX's defaults:
 *
 * <ul>
 *   <li>{@link #averageLoss()}: the same per-attribute loss as {@link #loss()}, combined by the
 *       arithmetic mean: the average share of each quasi-identifier's domain a released value
 *       covers (Iyengar's LM averaged over attributes; the "normalized certainty penalty" of Xu et
 *       al., KDD 2006, divided by the number of attributes);
 *   <li>{@link #averageClassSize()}: records kept per kept class (LeFevre, DeWitt, Ramakrishnan,
 *       ICDE 2006, without the division by k).
 * </ul>
 *
 * <p><b>Rounding, as ARX.</b> {@link #loss()} and {@link #nonUniformEntropy()} round each
 * quasi-identifier's value down to 10 decimal places before combining them, as ARX does, so that
 * generalizations ARX considers equally good compare equal here too (ties go to the lowest sum of
 * levels, as in ARX).
 */
public final class Metrics {
  private static final double LOG2 = Math.log(2);
  private static final double ROUNDING = 1e10;

  private Metrics() {}

  /**
   * ARX's "Loss" (Iyengar, "Transforming data to satisfy privacy constraints", KDD 2002; ARX's
   * {@code MetricMDNMLoss} with its defaults: generalization and suppression weighted alike,
   * geometric-mean aggregation). For quasi-identifier {@code j}, {@code L_j = (Σ_kept records
   * loss_j + suppressed) / rows}, where a record's {@code loss_j} is {@link
   * Partition#generalizationLoss} {@code = (leaves under its value − 1) / (leaves of the hierarchy
   * − 1)}, rounded down to 10 decimal places; the metric is {@code (Π_j (1 + L_j))^(1/q) − 1}. 0
   * for the original data, 1 when everything is suppressed or generalized to the top.
   *
   * <p>Lower bound: the same with nothing suppressed, which needs no classes and never decreases
   * under generalization.
   *
   * <p>One difference from ARX, in a degenerate case: for a quasi-identifier whose hierarchy has a
   * single value, ARX's normalization divides by zero and it scores that attribute 0 even for
   * suppressed records; here suppressed records still count 1 on it.
   *
   * @return the metric
   */
  public static UtilityMetric loss() {
    return new LossMetric("Loss", true);
  }

  /**
   * The per-attribute loss of {@link #loss()} combined by the arithmetic mean instead of ARX's
   * geometric mean: the mean over records and quasi-identifiers of {@link
   * Partition#generalizationLoss}, a suppressed record counting 1 for every quasi-identifier; not
   * rounded. It weighs a badly generalized attribute less than {@link #loss()} does and can choose
   * a different optimum (Privacity's {@code loss()} before it matched ARX).
   *
   * @return the metric
   */
  public static UtilityMetric averageLoss() {
    return new LossMetric("AverageLoss", false);
  }

  /**
   * Discernibility (Bayardo and Agrawal, "Data privacy through optimal k-anonymization", ICDE 2005;
   * ARX's {@code MetricSDNMDiscernability}): each kept record costs the size of its class, each
   * suppressed record the number of records: {@code Σ_kept |c|² + suppressed · rows}.
   *
   * <p>Lower bound (ARX's "DM*"): {@code Σ |c|²} over all classes of the generalization, suppressed
   * or not; it never decreases under generalization (merging classes only grows a sum of squares),
   * so the search passes it up the lattice and never computes the classes of a generalization whose
   * inherited bound is already worse than the best solution.
   *
   * @return the metric
   */
  public static UtilityMetric discernibility() {
    return new Base("Discernibility", true, false) {
      @Override
      public double evaluate(Partition p) {
        double total = (double) p.suppressedCount() * p.rowCount();
        for (int c = 0; c < p.classCount(); c++) {
          total += (double) p.classSize(c) * p.classSize(c);
        }
        return total;
      }

      @Override
      public double lowerBound(Partition finestView) {
        // Real classes are unions of finest-view classes (a sum of squares only grows when
        // merging), and a suppressed record costs rows >= its class size.
        return evaluate(finestView);
      }
    };
  }

  /**
   * Non-uniform entropy (Gionis and Tassa, TKDE 2009; ARX's {@code MetricMDNUNMEntropy}, the
   * default of {@code createEntropyMetric()}): per quasi-identifier {@code j}, {@link
   * Partition#generalizationEntropy} (the bits generalization takes away, over all records) plus,
   * for the suppressed records, {@code Σ_w s_w · log2(S / s_w)} where {@code s_w} counts the
   * suppressed records whose generalized value on {@code j} is {@code w} and {@code S} all
   * suppressed records; each rounded down to 10 decimal places; summed over quasi-identifiers. 0
   * for the original data.
   *
   * <p>Lower bound: the generalization part alone (no classes needed; never decreases under
   * generalization).
   *
   * @return the metric
   */
  public static UtilityMetric nonUniformEntropy() {
    return new Base("NonUniformEntropy", true, true) {
      @Override
      public double evaluate(Partition p) {
        int q = p.quasiIdentifierCount();
        int s = p.suppressedClassCount();
        double suppressed = p.suppressedCount();
        double total = 0;
        for (int j = 0; j < q; j++) {
          double value = p.generalizationEntropy(j);
          if (s > 0) {
            value += suppressedEntropy(p, j, s, suppressed);
          }
          total += round(value);
        }
        return total;
      }

      @Override
      public double lowerBound(Partition finestView) {
        double total = 0;
        for (int j = 0; j < finestView.quasiIdentifierCount(); j++) {
          total += round(finestView.generalizationEntropy(j));
        }
        return total;
      }
    };
  }

  /** {@code Σ_w s_w · log2(S / s_w)} over the suppressed records' generalized values on qi j. */
  private static double suppressedEntropy(Partition p, int j, int classes, double suppressed) {
    java.util.HashMap<Integer, int[]> counts = new java.util.HashMap<>();
    for (int c = 0; c < classes; c++) {
      counts.computeIfAbsent(p.suppressedGeneralizedValue(c, j), w -> new int[1])[0] +=
          p.suppressedClassSize(c);
    }
    double sum = 0;
    for (int[] count : counts.values()) {
      // As ARX: count * log2(count / S), negated.
      sum += count[0] * log2(count[0] / suppressed);
    }
    return -sum;
  }

  /**
   * Precision (Sweeney, "Achieving k-anonymity privacy protection using generalization and
   * suppression", IJUFKS 2002; ARX's {@code MetricMDNMPrecision}, the default of {@code
   * createPrecisionMetric()}): per quasi-identifier {@code j}, {@code (kept · level_j / height_j +
   * suppressed) / rows} ({@code level / height} taken as 0 for a one-level hierarchy); the
   * arithmetic mean over quasi-identifiers. In [0, 1].
   *
   * <p>Lower bound: the mean of {@code level_j / height_j}, i.e. the same with nothing suppressed.
   *
   * @return the metric
   */
  public static UtilityMetric precision() {
    return new Base("Precision", true, true) {
      @Override
      public double evaluate(Partition p) {
        int q = p.quasiIdentifierCount();
        if (q == 0 || p.rowCount() == 0) {
          return 0;
        }
        double suppressed = p.suppressedCount();
        double kept = p.rowCount() - suppressed;
        double total = 0;
        for (int j = 0; j < q; j++) {
          total += (kept * share(p, j) + suppressed) / p.rowCount();
        }
        return total / q;
      }

      @Override
      public double lowerBound(Partition finestView) {
        int q = finestView.quasiIdentifierCount();
        if (q == 0) {
          return 0;
        }
        double total = 0;
        for (int j = 0; j < q; j++) {
          total += share(finestView, j);
        }
        return total / q;
      }
    };
  }

  private static double share(Partition p, int j) {
    int h = p.height(j);
    return h == 0 ? 0 : p.level(j) / (double) h;
  }

  /**
   * Average equivalence-class size: kept records / kept classes ({@code rows} if every record is
   * suppressed).
   *
   * @return the metric
   */
  public static UtilityMetric averageClassSize() {
    return new Base("AverageClassSize", false, false) {
      @Override
      public double evaluate(Partition p) {
        if (p.classCount() == 0) {
          return p.rowCount();
        }
        return (p.rowCount() - p.suppressedCount()) / (double) p.classCount();
      }
    };
  }

  /**
   * A built-in metric by its command-line name: {@code loss}, {@code dm} (or {@code
   * discernibility}), {@code entropy}, {@code precision}, {@code average-loss}, {@code aecs} (or
   * {@code average-class-size}); case-insensitive.
   *
   * @param name the name
   * @return the metric
   * @throws IllegalArgumentException if the name is unknown (the message lists the names)
   */
  public static UtilityMetric byName(String name) {
    switch (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)) {
      case "loss":
        return loss();
      case "dm":
      case "discernibility":
        return discernibility();
      case "entropy":
        return nonUniformEntropy();
      case "precision":
        return precision();
      case "average-loss":
        return averageLoss();
      case "aecs":
      case "average-class-size":
        return averageClassSize();
      default:
        throw new IllegalArgumentException(
            "unknown metric '"
                + name
                + "'; use loss, dm, entropy, precision, average-loss or aecs");
    }
  }

  /** The common part of the built-in metrics: a name, monotone, bound flags. */
  private abstract static class Base implements UtilityMetric {
    private final String name;
    private final boolean boundMonotone;
    private final boolean boundNeedsNoClasses;

    Base(String name, boolean boundMonotone, boolean boundNeedsNoClasses) {
      this.name = name;
      this.boundMonotone = boundMonotone;
      this.boundNeedsNoClasses = boundNeedsNoClasses;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean isMonotone() {
      return true;
    }

    @Override
    public boolean boundDependsOnlyOnRecordLosses() {
      return boundNeedsNoClasses;
    }

    @Override
    public boolean isBoundMonotone() {
      return boundMonotone;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** ARX's rounding of per-attribute values: down to 10 decimal places. */
  static double round(double value) {
    return Math.floor(value * ROUNDING) / ROUNDING;
  }

  static double log2(double x) {
    return Math.log(x) / LOG2;
  }

  /** Loss, with ARX's geometric mean or the arithmetic mean. */
  private static final class LossMetric extends Base {
    private final boolean geometric;

    LossMetric(String name, boolean geometric) {
      super(name, true, true);
      this.geometric = geometric;
    }

    @Override
    public double evaluate(Partition p) {
      int q = p.quasiIdentifierCount();
      if (p.rowCount() == 0) {
        return 0;
      }
      if (q == 0) {
        return p.suppressedCount() / (double) p.rowCount();
      }
      double[] perAttribute = new double[q];
      for (int c = 0; c < p.classCount(); c++) {
        int size = p.classSize(c);
        for (int j = 0; j < q; j++) {
          perAttribute[j] += p.generalizationLoss(c, j) * size;
        }
      }
      double n = p.rowCount();
      if (!geometric) {
        double total = p.suppressedCount() * (double) q;
        for (double v : perAttribute) {
          total += v;
        }
        return total / (q * n);
      }
      double result = 1;
      for (int j = 0; j < q; j++) {
        double l = Math.max(0, round((perAttribute[j] + p.suppressedCount()) / n));
        // As ARX: the product of the q-th roots, minus one.
        result *= Math.pow(l + 1, 1.0 / q);
      }
      return result - 1;
    }

    @Override
    public double lowerBound(Partition finestView) {
      // A suppressed record costs 1 >= any generalization loss, so the loss of the unsuppressed
      // view is a lower bound.
      return evaluate(finestView);
    }
  }
}

package io.privacity.anonymize.metric;

/**
 * The built-in {@link UtilityMetric}s. All are immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #loss()}: the average share of each quasi-identifier's domain a released value
 *       covers (Iyengar's LM / NCP), suppressed records counting as fully generalized, in [0, 1];
 *   <li>{@link #discernibility()}: {@code Σ |class|² + suppressed · rows} (Bayardo and Agrawal,
 *       ICDE 2005);
 *   <li>{@link #averageClassSize()}: records kept per kept class (LeFevre, DeWitt, Ramakrishnan,
 *       ICDE 2006, without the division by k).
 * </ul>
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Generalization loss ("Loss" in ARX; Iyengar, KDD 2002): the mean over records and
   * quasi-identifiers of {@link Partition#generalizationLoss}, a suppressed record counting 1 for
   * every quasi-identifier. 0 for the original data, 1 when everything is suppressed or generalized
   * to {@code *}.
   *
   * @return the metric
   */
  public static UtilityMetric loss() {
    return new UtilityMetric() {
      @Override
      public String name() {
        return "Loss";
      }

      @Override
      public double evaluate(Partition p) {
        int q = p.quasiIdentifierCount();
        if (p.rowCount() == 0) {
          return 0;
        }
        double total = p.suppressedCount() * (double) Math.max(q, 1);
        for (int c = 0; c < p.classCount(); c++) {
          double sum = 0;
          for (int j = 0; j < q; j++) {
            sum += p.generalizationLoss(c, j);
          }
          total += sum * p.classSize(c);
        }
        return q == 0
            ? p.suppressedCount() / (double) p.rowCount()
            : total / (q * (double) p.rowCount());
      }

      @Override
      public boolean isMonotone() {
        return true;
      }

      @Override
      public double lowerBound(Partition finestView) {
        // A suppressed record costs 1 >= any generalization loss, so the loss of the
        // unsuppressed view is a lower bound.
        return evaluate(finestView);
      }

      @Override
      public boolean boundDependsOnlyOnRecordLosses() {
        return true;
      }

      @Override
      public String toString() {
        return name();
      }
    };
  }

  /**
   * Discernibility (Bayardo and Agrawal, "Data privacy through optimal k-anonymization", ICDE
   * 2005): each kept record costs the size of its class, each suppressed record the number of
   * records.
   *
   * @return the metric
   */
  public static UtilityMetric discernibility() {
    return new UtilityMetric() {
      @Override
      public String name() {
        return "Discernibility";
      }

      @Override
      public double evaluate(Partition p) {
        double total = (double) p.suppressedCount() * p.rowCount();
        for (int c = 0; c < p.classCount(); c++) {
          total += (double) p.classSize(c) * p.classSize(c);
        }
        return total;
      }

      @Override
      public boolean isMonotone() {
        return true;
      }

      @Override
      public double lowerBound(Partition finestView) {
        // Real classes are unions of finest-view classes (a sum of squares only grows when
        // merging), and a suppressed record costs rows >= its class size.
        return evaluate(finestView);
      }

      @Override
      public String toString() {
        return name();
      }
    };
  }

  /**
   * Average equivalence-class size: kept records / kept classes ({@code rows} if every record is
   * suppressed).
   *
   * @return the metric
   */
  public static UtilityMetric averageClassSize() {
    return new UtilityMetric() {
      @Override
      public String name() {
        return "AverageClassSize";
      }

      @Override
      public double evaluate(Partition p) {
        if (p.classCount() == 0) {
          return p.rowCount();
        }
        return (p.rowCount() - p.suppressedCount()) / (double) p.classCount();
      }

      @Override
      public boolean isMonotone() {
        return true;
      }

      @Override
      public String toString() {
        return name();
      }
    };
  }
}

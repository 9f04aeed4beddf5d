package io.privacity.anonymize.metric;

/**
 * A measure of information loss of a generalization (lower is better), the objective of the optimal
 * lattice search. Get the built-in ones from {@link Metrics}.
 *
 * <p>Implementations must be immutable and thread-safe.
 */
public interface UtilityMetric {
  /**
   * A short name, e.g. {@code "Loss"}.
   *
   * @return the name
   */
  String name();

  /**
   * The information loss of a partition.
   *
   * @param partition the classes and suppressed records
   * @return the loss; lower is better
   */
  double evaluate(Partition partition);

  /**
   * Whether the metric never decreases when classes are merged by generalization, with no record
   * suppressed. When true (and no record may be suppressed) the search only evaluates the minimal
   * anonymous generalizations; when false it evaluates every anonymous one.
   *
   * @return whether monotone without suppression
   */
  default boolean isMonotone() {
    return false;
  }

  /**
   * A lower bound on the metric at a generalization, from its <i>finest view</i>: the partition of
   * the input's distinct quasi-identifier combinations, each generalized to this generalization's
   * levels, with no record suppressed. The bound must not exceed {@link #evaluate} of the
   * generalization's real partition under any suppression. The search skips generalizations whose
   * bound is no better than the best value found.
   *
   * @param finestView the finest view described above
   * @return a lower bound; {@link Double#NEGATIVE_INFINITY} (the default) never prunes
   */
  default double lowerBound(Partition finestView) {
    return Double.NEGATIVE_INFINITY;
  }
}

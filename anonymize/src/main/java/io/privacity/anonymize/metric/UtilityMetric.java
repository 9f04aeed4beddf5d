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
   * A lower bound on the metric at a generalization, from a <i>finest view</i>: the classes of some
   * equal or finer generalization (each a subset of one of this generalization's classes; at worst
   * the input's distinct quasi-identifier combinations), with their values generalized to this
   * generalization's levels and no record suppressed. The bound must not exceed {@link #evaluate}
   * of the generalization's real partition under any suppression, whichever finer classes the view
   * has. The search skips generalizations whose bound is no better than the best value found.
   *
   * @param finestView the finest view described above
   * @return a lower bound; {@link Double#NEGATIVE_INFINITY} (the default) never prunes
   */
  default double lowerBound(Partition finestView) {
    return Double.NEGATIVE_INFINITY;
  }

  /**
   * Whether {@link #lowerBound} depends only on the generalization levels and on each record's
   * generalized values one quasi-identifier at a time (the records' {@link
   * Partition#generalizationLoss} summed over records, {@link Partition#level}, {@link
   * Partition#height}, {@link Partition#generalizationEntropy}), not on how records are grouped
   * into classes: true for loss, precision and entropy, false for discernibility. The search may
   * then pass {@link #lowerBound} a compact view whose "classes" are one quasi-identifier value
   * each (size = its record count, loss on that quasi-identifier only), which costs no grouping of
   * the records at all.
   *
   * @return whether the lower bound needs no classes
   */
  default boolean boundDependsOnlyOnRecordLosses() {
    return false;
  }

  /**
   * Whether the lower bound is monotone: the {@link #lowerBound} of a generalization's own finest
   * view never exceeds the metric of any coarser generalization (one with every level at least as
   * high), under any suppression. The search then passes a bound up the lattice without computing
   * the coarser nodes' classes (as ARX prunes with its lower bounds), which is what makes
   * discernibility with suppression fast. True for every built-in metric with a bound.
   *
   * @return whether bounds may be inherited by generalizations
   */
  default boolean isBoundMonotone() {
    return false;
  }
}

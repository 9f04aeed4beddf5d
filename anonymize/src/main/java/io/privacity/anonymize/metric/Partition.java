package io.privacity.anonymize.metric;

/**
 * A table's records grouped into equivalence classes by their (generalized) quasi-identifiers, plus
 * the suppressed records: what utility metrics measure. The anonymizer provides one for each
 * generalization it evaluates and for its result.
 *
 * <p>Implementations must be immutable.
 */
public interface Partition {
  /**
   * The number of input records, kept and suppressed.
   *
   * @return the row count
   */
  int rowCount();

  /**
   * The number of suppressed (removed) records.
   *
   * @return the suppressed count, in [0, rowCount()]
   */
  int suppressedCount();

  /**
   * The number of kept equivalence classes.
   *
   * @return the class count
   */
  int classCount();

  /**
   * The size of a kept class.
   *
   * @param c the class, in [0, classCount())
   * @return its size, at least 1
   */
  int classSize(int c);

  /**
   * The number of quasi-identifiers.
   *
   * @return the quasi-identifier count
   */
  int quasiIdentifierCount();

  /**
   * How much of a quasi-identifier's domain the class's generalized value covers: {@code (leaves
   * under the value − 1) / (leaves of the hierarchy − 1)}, 0 for an original value, 1 for the top
   * ({@code *}); Iyengar's loss metric (KDD 2002), as ARX's "Loss".
   *
   * @param c the class, in [0, classCount())
   * @param qi the quasi-identifier, in [0, quasiIdentifierCount())
   * @return the loss, in [0, 1]
   */
  double generalizationLoss(int c, int qi);
}

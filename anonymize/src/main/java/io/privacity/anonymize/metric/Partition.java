package io.privacity.anonymize.metric;

/**
 * A table's records grouped into equivalence classes by their (generalized) quasi-identifiers, plus
 * the suppressed records: what utility metrics measure. The anonymizer provides one for each
 * generalization it evaluates and for its result.
 *
 * <p>The first six methods describe the classes; the methods with default implementations describe
 * the generalization itself (levels, generalized values, the suppressed classes, the entropy of the
 * generalization) for the metrics of ARX that need them ({@link Metrics#precision()}, {@link
 * Metrics#nonUniformEntropy()}). Partitions made by the anonymizer implement all of them; a
 * partition written by hand may leave the defaults, which throw {@link
 * UnsupportedOperationException}, if it is only evaluated by metrics that do not call them.
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

  /**
   * The generalization level of a quasi-identifier (0 = original values).
   *
   * @param qi the quasi-identifier, in [0, quasiIdentifierCount())
   * @return the level
   * @throws UnsupportedOperationException if this partition does not know its levels
   */
  default int level(int qi) {
    throw unsupported("level");
  }

  /**
   * The height of a quasi-identifier's hierarchy: its highest level ({@code levelCount() - 1}).
   *
   * @param qi the quasi-identifier, in [0, quasiIdentifierCount())
   * @return the height, at least 0
   * @throws UnsupportedOperationException if this partition does not know its hierarchies
   */
  default int height(int qi) {
    throw unsupported("height");
  }

  /**
   * The generalized value of a kept class on a quasi-identifier, as an id: two classes have the
   * same id on {@code qi} iff their generalized values on {@code qi} are equal.
   *
   * @param c the class, in [0, classCount())
   * @param qi the quasi-identifier, in [0, quasiIdentifierCount())
   * @return the id, at least 0
   * @throws UnsupportedOperationException if this partition does not provide values
   */
  default int generalizedValue(int c, int qi) {
    throw unsupported("generalizedValue");
  }

  /**
   * The number of suppressed classes: classes of the generalization that failed a privacy model and
   * were removed; their sizes add up to {@link #suppressedCount()}.
   *
   * @return the count; 0 when nothing is suppressed
   * @throws UnsupportedOperationException if records are suppressed and this partition does not
   *     describe their classes
   */
  default int suppressedClassCount() {
    if (suppressedCount() == 0) {
      return 0;
    }
    throw unsupported("suppressedClassCount");
  }

  /**
   * The size of a suppressed class.
   *
   * @param s the suppressed class, in [0, suppressedClassCount())
   * @return its size, at least 1
   * @throws UnsupportedOperationException if this partition does not describe suppressed classes
   */
  default int suppressedClassSize(int s) {
    throw unsupported("suppressedClassSize");
  }

  /**
   * The generalized value of a suppressed class on a quasi-identifier, as an id comparable with
   * {@link #generalizedValue}.
   *
   * @param s the suppressed class, in [0, suppressedClassCount())
   * @param qi the quasi-identifier, in [0, quasiIdentifierCount())
   * @return the id
   * @throws UnsupportedOperationException if this partition does not describe suppressed classes
   */
  default int suppressedGeneralizedValue(int s, int qi) {
    throw unsupported("suppressedGeneralizedValue");
  }

  /**
   * The non-uniform entropy of generalizing one quasi-identifier of the whole input (kept and
   * suppressed records alike) to this partition's level, in bits: {@code Σ_v a_v · log2(b_v / a_v)}
   * over the original values {@code v}, where {@code a_v} counts the input records with value
   * {@code v} and {@code b_v} those whose value generalizes to the same value as {@code v} (Gionis
   * and Tassa, "k-Anonymization with minimal loss of information", TKDE 2009; ARX's "non-uniform
   * entropy"). 0 at level 0; never decreases with the level.
   *
   * @param qi the quasi-identifier, in [0, quasiIdentifierCount())
   * @return the entropy in bits, at least 0
   * @throws UnsupportedOperationException if this partition does not know the input's frequencies
   */
  default double generalizationEntropy(int qi) {
    throw unsupported("generalizationEntropy");
  }

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(
        getClass().getName() + " does not implement Partition." + what + "()");
  }
}

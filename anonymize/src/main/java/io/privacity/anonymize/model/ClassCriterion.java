package io.privacity.anonymize.model;

/**
 * A {@link PrivacyModel} bound to one input table: decides whether one equivalence class satisfies
 * the model. Obtained from {@link PrivacyModel#bind}; immutable and thread-safe.
 */
@FunctionalInterface
public interface ClassCriterion {
  /**
   * Whether an equivalence class satisfies the model.
   *
   * @param size the number of records in the class, at least 1
   * @param sensitive the distribution of the model's sensitive attribute in the class (codes of
   *     that column of the bound table), or {@code null} if the model has no sensitive attribute
   * @return whether the class satisfies the model
   */
  boolean isSatisfiedBy(int size, Histogram sensitive);
}

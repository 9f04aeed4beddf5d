package io.privacity.anonymize.model;

import io.privacity.anonymize.data.Table;
import java.util.Optional;

/**
 * A syntactic privacy model that every equivalence class (records with equal generalized
 * quasi-identifiers) of a released table must satisfy: {@link KAnonymity}, {@link LDiversity},
 * {@link TCloseness}. Classes that do not are suppressed (removed), within the suppression limit of
 * the {@link io.privacity.anonymize.algorithm.Anonymizer}.
 *
 * <h2>Monotonicity (what the lattice search may prune)</h2>
 *
 * <p>A model is <i>monotone</i> if, whenever a generalization satisfies it, every coarser
 * generalization does too; the optimal search then tags whole sub-lattices at once (Kohlmayer et
 * al., "Flash: efficient, stable and optimal k-anonymity", PASSAT 2012). Without suppression, every
 * model here is monotone: merging two classes that satisfy it yields a class that satisfies it
 * (k-anonymity and distinct-ℓ trivially; entropy-ℓ by concavity of entropy and recursive-(c,ℓ) by
 * Machanavajjhala et al. 2007; t-closeness with EMD because the EMD of a mixture is at most the
 * larger EMD, Li et al. 2007). With record suppression, only models where a merged class that
 * contains a satisfying class always satisfies them stay monotone: k-anonymity and distinct-ℓ
 * diversity. {@link #isMonotoneWithSuppression()} says which.
 *
 * <p>Implementations must be immutable and thread-safe.
 */
public interface PrivacyModel {
  /**
   * The sensitive attribute this model protects, if any.
   *
   * @return the column name, or empty for k-anonymity
   */
  Optional<String> sensitiveAttribute();

  /**
   * The smallest class size that can satisfy the model: {@code k} for k-anonymity, {@code ℓ} for
   * ℓ-diversity (ℓ distinct values need ℓ records), 1 otherwise. The search uses it to prune: if
   * the rows in classes smaller than this exceed the suppression limit at a node, they do at every
   * specialization too.
   *
   * @return the minimal class size, at least 1
   */
  int minimalClassSize();

  /**
   * Whether the model stays monotone under generalization when non-satisfying classes are
   * suppressed (see the interface comment). Every model is monotone without suppression.
   *
   * @return whether monotone with suppression
   */
  boolean isMonotoneWithSuppression();

  /**
   * Binds the model to an input table: checks that the sensitive attribute exists and prepares what
   * the per-class test needs (e.g. the table-wide distribution for t-closeness).
   *
   * @param table the input table
   * @return the per-class test
   * @throws IllegalArgumentException if the table lacks the sensitive attribute (the message names
   *     it) or a value of it is missing from the model's hierarchy (the message names the column
   *     and the value)
   */
  ClassCriterion bind(Table table);
}

package io.privacity.anonymize.model;

import io.privacity.anonymize.data.Table;
import io.privacity.core.internal.Checks;
import java.util.Optional;

/**
 * k-anonymity (Samarati and Sweeney 1998; Sweeney, "k-anonymity: a model for protecting privacy",
 * IJUFKS 2002): every equivalence class has at least {@code k} records, so a record cannot be
 * singled out by its quasi-identifiers with probability above {@code 1/k} (prosecutor model).
 *
 * <p><b>Warning:</b> k-anonymity says nothing about the sensitive values inside a class: a class of
 * k records with the same diagnosis discloses it (homogeneity attack). Add {@link LDiversity} or
 * {@link TCloseness} for sensitive attributes.
 *
 * <p>Monotone with and without suppression. Immutable and thread-safe.
 */
public final class KAnonymity implements PrivacyModel {
  private final int k;

  private KAnonymity(int k) {
    this.k = k;
  }

  /**
   * k-anonymity.
   *
   * @param k the minimal class size, {@code >= 2}
   * @return the model
   * @throws IllegalArgumentException if {@code k < 2}
   */
  public static KAnonymity of(int k) {
    Checks.inRange("k", k, 2, Integer.MAX_VALUE);
    return new KAnonymity(k);
  }

  /**
   * The minimal class size.
   *
   * @return k
   */
  public int k() {
    return k;
  }

  @Override
  public Optional<String> sensitiveAttribute() {
    return Optional.empty();
  }

  @Override
  public int minimalClassSize() {
    return k;
  }

  @Override
  public boolean isMonotoneWithSuppression() {
    return true;
  }

  @Override
  public ClassCriterion bind(Table table) {
    Checks.notNull("table", table);
    return (size, sensitive) -> size >= k;
  }

  @Override
  public String toString() {
    return k + "-anonymity";
  }
}

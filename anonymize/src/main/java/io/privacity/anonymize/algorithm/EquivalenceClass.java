package io.privacity.anonymize.algorithm;

import java.util.List;

/**
 * One equivalence class of an anonymized table: the records that share the same generalized
 * quasi-identifier values.
 *
 * @param quasiIdentifiers the generalized values, in the order of the anonymizer's
 *     quasi-identifiers
 * @param rows the 0-based indices of the class's records in the output table, increasing
 */
public record EquivalenceClass(List<String> quasiIdentifiers, List<Integer> rows) {
  /**
   * Creates a class; the lists are copied.
   *
   * @param quasiIdentifiers the generalized values
   * @param rows the output rows, at least one
   * @throws IllegalArgumentException if {@code rows} is empty
   */
  public EquivalenceClass {
    quasiIdentifiers = List.copyOf(quasiIdentifiers);
    rows = List.copyOf(rows);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("an equivalence class must have at least one row");
    }
  }

  /**
   * The number of records in the class.
   *
   * @return the size
   */
  public int size() {
    return rows.size();
  }
}

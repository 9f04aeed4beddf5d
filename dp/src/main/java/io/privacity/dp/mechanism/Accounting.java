package io.privacity.dp.mechanism;

import io.privacity.core.accounting.PrivacyAccountant;

/** The charging step shared by the mechanisms of this package. Package-private. */
final class Accounting {
  private Accounting() {}

  /**
   * Charges one use of a guarantee (its mechanism's name and its loss) to the accountant, if there
   * is one. Mechanisms call it after validating their input and before drawing any randomness, so a
   * refused charge throws and draws nothing.
   */
  static void charge(PrivacyAccountant accountant, Guarantee guarantee) {
    if (accountant != null) {
      accountant.charge(guarantee.mechanism(), guarantee.loss());
    }
  }
}

/**
 * Privacy guarantees ({@link io.privacity.core.PrivacyLoss}) and the library's exception base.
 * Subpackages hold budgets ({@code accounting}), randomness ({@code random}), the transparency
 * ledger ({@code ledger}) and purpose-bound access policy ({@code policy}).
 */
package io.privacity.core;

/**
 * Privacity core: privacy guarantees and their composition, fail-closed budgets, CSPRNG randomness,
 * the transparency ledger and report, and purpose-bound access policy.
 *
 * <p>{@code io.privacity.core.internal} is shared with the sibling library modules only, never
 * exported to users.
 */
@SuppressWarnings({"module", "requires-automatic"}) // siblings built after core; commons-math3
module io.privacity.core {
  requires com.google.gson;
  requires commons.math3; // the PLD accountant's FFT; 3.6.1 has no module name of its own

  exports io.privacity.core;
  exports io.privacity.core.accounting;
  exports io.privacity.core.ledger;
  exports io.privacity.core.policy;
  exports io.privacity.core.random;
  exports io.privacity.core.report;
  exports io.privacity.core.internal to
      io.privacity.dp,
      io.privacity.anonymize;
}

package io.privacity.dp.audit;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;

/**
 * The outcome of one {@link DpAuditor#audit audit}: a lower confidence bound on ε, the output event
 * that witnesses it, and the counts it was computed from.
 *
 * <p>With probability at least {@link #confidence()} (over the mechanism's and the auditor's
 * randomness), a mechanism that really is (ε, δ)-DP for the audited pair with δ = {@link #delta()}
 * has ε ≥ {@link #epsilonLowerBound()}. A bound above the claimed ε therefore refutes the claim at
 * that confidence.
 *
 * @param epsilonLowerBound the lower confidence bound ln((p̲ − δ) / p̄), or 0 if that is negative
 *     or undefined; finite because p̄ &gt; 0 for finitely many samples
 * @param event a human-readable description of the chosen event, e.g. {@code "output >= 1.25"}
 * @param numeratorIsFirst whether the event is more likely under the first input (true) or the
 *     second (false); the bound compares P[event | numerator input] with P[event | other input]
 * @param numeratorCount how many estimation samples under the numerator input fell in the event
 * @param denominatorCount how many estimation samples under the other input fell in the event
 * @param estimationSamples estimation samples per input (half of the drawn samples)
 * @param numeratorLower the Clopper–Pearson lower bound p̲ on P[event | numerator input]
 * @param denominatorUpper the Clopper–Pearson upper bound p̄ on P[event | other input]
 * @param confidence the joint confidence level of the bound, in (0, 1)
 * @param delta the δ the bound is adjusted for (0 for pure DP)
 * @param candidateEvents how many candidate events were compared on the selection half
 */
public record AuditResult(
    double epsilonLowerBound,
    String event,
    boolean numeratorIsFirst,
    long numeratorCount,
    long denominatorCount,
    long estimationSamples,
    double numeratorLower,
    double denominatorUpper,
    double confidence,
    double delta,
    int candidateEvents) {

  /**
   * Validates the components.
   *
   * @param epsilonLowerBound the bound, finite and &ge; 0
   * @param event the event's description, non-blank
   * @param numeratorIsFirst which input is the numerator
   * @param numeratorCount count under the numerator input, in [0, estimationSamples]
   * @param denominatorCount count under the other input, in [0, estimationSamples]
   * @param estimationSamples estimation samples per input, &ge; 1
   * @param numeratorLower p̲, in [0, 1]
   * @param denominatorUpper p̄, in (0, 1]
   * @param confidence the confidence, in (0, 1)
   * @param delta δ, in [0, 1)
   * @param candidateEvents how many candidates were compared, &ge; 1
   */
  public AuditResult {
    Checks.nonNegativeFinite("epsilonLowerBound", epsilonLowerBound);
    Checks.nonBlank("event", event);
    Checks.positive("estimationSamples", estimationSamples);
    Checks.inRange("numeratorCount", numeratorCount, 0, estimationSamples);
    Checks.inRange("denominatorCount", denominatorCount, 0, estimationSamples);
    if (!(numeratorLower >= 0 && numeratorLower <= 1)) {
      throw new IllegalArgumentException("numeratorLower must be in [0, 1], got " + numeratorLower);
    }
    if (!(denominatorUpper > 0 && denominatorUpper <= 1)) {
      throw new IllegalArgumentException(
          "denominatorUpper must be in (0, 1], got " + denominatorUpper);
    }
    Checks.openUnit("confidence", confidence);
    Checks.delta("delta", delta);
    Checks.positive("candidateEvents", candidateEvents);
  }

  /**
   * Whether this audit refutes a claimed guarantee: the lower bound exceeds the claimed ε. Only
   * meaningful when the audit was run with the claim's δ.
   *
   * @param claim the claimed pure or approximate loss
   * @return true if {@link #epsilonLowerBound()} &gt; the claim's ε
   * @throws IllegalArgumentException if the claim is null
   * @throws IllegalStateException if the claim is zCDP (convert it with {@link
   *     PrivacyLoss#toApproximate(double)} first)
   */
  public boolean refutes(PrivacyLoss claim) {
    Checks.notNull("claim", claim);
    return epsilonLowerBound > claim.epsilon();
  }

  /**
   * The plug-in estimate ln((k₁/n − δ)/(k₂/n)) of the privacy loss on the chosen event, from the
   * estimation half; not a bound, for reporting only.
   *
   * @return the point estimate, possibly infinite or NaN when a count is 0
   */
  public double pointEstimate() {
    double num = (double) numeratorCount / estimationSamples - delta;
    double den = (double) denominatorCount / estimationSamples;
    return Math.log(num / den);
  }

  /**
   * A one-line summary, e.g. {@code ε ≥ 0.93 (95% conf.) on event "output >= 1.0": 26012 vs 9581 of
   * 250000}.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    return String.format(
        "ε ≥ %.4f (%s%% conf., δ=%s) on event \"%s\" favouring the %s input: %d vs %d of %d"
            + " (%d candidates)",
        epsilonLowerBound,
        confidence * 100,
        delta,
        event,
        numeratorIsFirst ? "first" : "second",
        numeratorCount,
        denominatorCount,
        estimationSamples,
        candidateEvents);
  }
}

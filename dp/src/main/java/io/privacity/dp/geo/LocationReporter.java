package io.privacity.dp.geo;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;

/**
 * One user's location reporter: obfuscates positions with a {@link PlanarLaplace}, reuses the last
 * noisy position while the user has not moved beyond a threshold, and charges the user's location
 * budget for every fresh report. Thread-safe (calls are serialised).
 *
 * <pre>{@code
 * PrivacyAccountant budget = PrivacyAccountant.withBudget(PrivacyLoss.pure(10));
 * LocationReporter reporter = LocationReporter.builder()
 *     .mechanism(planarLaplace).accountant(budget)
 *     .protectionRadiusMeters(500).moveThresholdMeters(100).build();
 * GeoPoint shown = reporter.report(gpsFix);
 * }</pre>
 *
 * <h2>Privacy guarantee and what is charged</h2>
 *
 * <p>Each fresh report is charged {@code PrivacyLoss.pure(ε·(r + σ))} under the label {@code
 * "geo:fresh-report"}, r the protection radius and σ the mechanism's slack: the pure-DP loss of one
 * report between any two positions within r of each other (the "privacy level within radius r" of
 * Location Guard). n fresh reports therefore cost n·ε·(r + σ) under basic composition — the budget
 * bounds how well an observer of all reports can tell apart two positions within r that the user
 * could have taken at every fresh report. The charge is made before noise is drawn; a refused
 * charge throws {@link io.privacity.core.accounting.PrivacyBudgetExceededException} and releases
 * nothing (fail closed). Reused reports draw no noise and are not charged.
 *
 * <p><b>Warning:</b> whether a report is fresh depends on the true movement (distance from the
 * position of the last fresh report), so the timing of fresh reports reveals that the user moved
 * more than the threshold. This is the usual trade-off of reuse (Location Guard caches the same
 * way); it prevents the much larger leak of averaging many reports of one position. Choose the
 * threshold well below r.
 */
public final class LocationReporter {
  private static final String LABEL = "geo:fresh-report";

  private final PlanarLaplace mechanism;
  private final PrivacyAccountant accountant;
  private final double radius;
  private final double threshold;
  private final PrivacyLoss perReport;
  private GeoPoint lastTrue;
  private GeoPoint lastReported;
  private long freshReports;

  private LocationReporter(Builder b) {
    this.mechanism = b.mechanism;
    this.accountant = b.accountant;
    this.radius = b.radius;
    this.threshold = b.threshold;
    this.perReport = mechanism.guaranteeWithin(radius).loss();
  }

  /**
   * A builder; mechanism, accountant and protection radius are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reports a position: the previous noisy position if the user is within the move threshold of the
   * last freshly reported true position, else a fresh noisy position (charged).
   *
   * @param truePosition the current true position, not null
   * @return the position to show to the service
   * @throws IllegalArgumentException if truePosition is null
   * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if a fresh report does not
   *     fit in the remaining budget (nothing is released or spent)
   */
  public synchronized GeoPoint report(GeoPoint truePosition) {
    Checks.notNull("truePosition", truePosition);
    if (lastTrue != null && lastTrue.haversineMeters(truePosition) <= threshold) {
      return lastReported;
    }
    accountant.charge(LABEL, perReport);
    GeoPoint reported = mechanism.obfuscate(truePosition);
    lastTrue = truePosition;
    lastReported = reported;
    freshReports++;
    return reported;
  }

  /**
   * The loss charged per fresh report: pure ε·(r + σ).
   *
   * @return the per-report loss
   */
  public PrivacyLoss lossPerFreshReport() {
    return perReport;
  }

  /**
   * How many fresh (charged) reports were made.
   *
   * @return the count
   */
  public synchronized long freshReports() {
    return freshReports;
  }

  /**
   * The protection radius r the charges are computed for.
   *
   * @return r in metres
   */
  public double protectionRadiusMeters() {
    return radius;
  }

  /** Builds a {@link LocationReporter}; each setter validates its argument at once. */
  public static final class Builder {
    private PlanarLaplace mechanism;
    private PrivacyAccountant accountant;
    private double radius = Double.NaN;
    private double threshold = 0;

    private Builder() {}

    /**
     * The mechanism that obfuscates fresh reports.
     *
     * @param mechanism the mechanism, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder mechanism(PlanarLaplace mechanism) {
      this.mechanism = Checks.notNull("mechanism", mechanism);
      return this;
    }

    /**
     * The user's location budget, charged per fresh report.
     *
     * @param accountant the accountant, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder accountant(PrivacyAccountant accountant) {
      this.accountant = Checks.notNull("accountant", accountant);
      return this;
    }

    /**
     * The protection radius r: positions within r of each other are what each charge protects.
     *
     * @param radiusMeters r, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if r is NaN, infinite or ≤ 0
     */
    public Builder protectionRadiusMeters(double radiusMeters) {
      this.radius = Checks.positiveFinite("radiusMeters", radiusMeters);
      return this;
    }

    /**
     * The distance the user must move from the last fresh report before a new one is drawn; default
     * 0 (every new position is fresh).
     *
     * @param thresholdMeters the threshold, finite and &gt;= 0
     * @return this builder
     * @throws IllegalArgumentException if negative, NaN or infinite
     */
    public Builder moveThresholdMeters(double thresholdMeters) {
      this.threshold = Checks.nonNegativeFinite("thresholdMeters", thresholdMeters);
      return this;
    }

    /**
     * Builds the reporter.
     *
     * @return the reporter
     * @throws IllegalStateException if mechanism, accountant or radius is missing
     */
    public LocationReporter build() {
      Checks.state(mechanism != null, "mechanism must be set");
      Checks.state(accountant != null, "accountant must be set");
      Checks.state(!Double.isNaN(radius), "protectionRadiusMeters must be set");
      return new LocationReporter(this);
    }
  }
}

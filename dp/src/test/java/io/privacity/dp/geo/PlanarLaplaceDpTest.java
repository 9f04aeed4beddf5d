package io.privacity.dp.geo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.audit.AuditResult;
import io.privacity.dp.audit.DpAuditor;
import org.junit.jupiter.api.Test;

/**
 * Audits the released positions with {@link DpAuditor}: for two true points at distance d the
 * auditor's lower confidence bound on the privacy loss must not exceed the claim ε·(d + σ) (σ the
 * discretization slack). The auditor's bound exceeds a true claim with probability ≤ 1 − confidence
 * = 10^−6 (its documented validity), so a correct mechanism fails this test less than once in 10^6
 * runs. The output is post-processed to its east coordinate (the direction joining the two points),
 * which is where the privacy loss concentrates; post-processing never increases the loss.
 */
class PlanarLaplaceDpTest {
  private static final GeoPoint ORIGIN = GeoPoint.of(37.78, -122.42);

  private static AuditResult audit(PlanarLaplace pl, double distance, long seed) {
    LocalProjection proj = pl.projection();
    GeoPoint a = proj.toGeo(new PlanarPoint(0, 0));
    GeoPoint b = proj.toGeo(new PlanarPoint(distance, 0));
    DpAuditor auditor =
        DpAuditor.builder()
            .samples(300_000)
            .confidence(0.999999)
            .randomness(Randomness.insecureSeeded(seed))
            .build();
    return auditor.audit((GeoPoint p) -> proj.toPlane(pl.obfuscate(p)).x(), a, b);
  }

  @Test
  void audit_lossAtMostEpsilonTimesDistancePlusSlack() {
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .epsilonPerMeter(0.01) // ℓ = 2 within 200 m; default grid step 1 m
            .origin(ORIGIN)
            .randomness(Randomness.insecureSeeded(99))
            .build();
    double d = 100;
    AuditResult r = audit(pl, d, 5);
    double claim = pl.epsilonAt(d);
    assertTrue(
        !r.refutes(PrivacyLoss.pure(claim)) && r.epsilonLowerBound() <= claim,
        "auditor bound " + r.epsilonLowerBound() + " > claim " + claim + " (" + r + ")");
    // The claim is not vacuous: ε·d = 1 and the audit finds a substantial part of it.
    assertTrue(r.epsilonLowerBound() > 0.3, "audit too weak to be meaningful: " + r);
  }

  @Test
  void audit_coarseGrid_slackIsAccountedFor() {
    // Grid step 25 m at ε = 0.01: slack ε·σ = 0.354, claim at d = 10 m is 0.454.
    PlanarLaplace pl =
        PlanarLaplace.builder()
            .epsilonPerMeter(0.01)
            .gridStepMeters(25)
            .origin(ORIGIN)
            .randomness(Randomness.insecureSeeded(100))
            .build();
    double d = 10;
    AuditResult r = audit(pl, d, 6);
    assertTrue(
        r.epsilonLowerBound() <= pl.epsilonAt(d),
        "auditor bound " + r.epsilonLowerBound() + " > claim " + pl.epsilonAt(d));
  }
}

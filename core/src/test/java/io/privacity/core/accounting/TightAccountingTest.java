package io.privacity.core.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Rényi and PLD modes, and how every mode treats mechanism descriptions. */
class TightAccountingTest {
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-11-27T03:00:00Z"), ZoneOffset.UTC);

  private static void assertMessage(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks " + part);
    }
  }

  private static PrivacyAccountant accountant(double eps, double delta, Composition c) {
    return PrivacyAccountant.builder()
        .budget(PrivacyLoss.approximate(eps, delta))
        .composition(c)
        .clock(FIXED)
        .build();
  }

  /** How many charges of {@code loss} the accountant admits before the first refusal. */
  private static int admitted(PrivacyAccountant a, PrivacyLoss loss, int cap) {
    int n = 0;
    while (n < cap && a.canCharge(loss)) {
      a.charge("release", loss);
      n++;
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 1.0, -1e-9})
  void rdpAndPld_badDelta_throw(double delta) {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> Composition.rdp(delta)),
        "delta must be in (0, 1), got " + delta);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> Composition.pld(delta)),
        "delta must be in (0, 1), got " + delta);
  }

  @Test
  void rdpAndPld_needAnEpsilonDeltaBudgetCoveringTheirDelta() {
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.builder()
                    .budget(PrivacyLoss.zcdp(1))
                    .composition(Composition.pld(1e-6))
                    .build()),
        "budget must be a pure or (ε, δ) loss under pld(δ=1.0E-6) composition",
        "got (ρ=1.0)-zCDP");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class, () -> accountant(1, 1e-7, Composition.rdp(1e-6))),
        "composition delta must be <= the budget's delta 1.0E-7");
    assertEquals("rdp(δ=1.0E-6)", Composition.rdp(1e-6).toString());
    assertEquals("pld(δ=1.0E-6)", Composition.pld(1e-6).toString());
    assertEquals(Composition.Kind.PLD, Composition.pld(1e-6).kind());
    assertEquals(1e-6, Composition.rdp(1e-6).delta());
    assertFalse(Composition.rdp(1e-6).equals(Composition.pld(1e-6)));
  }

  @Test
  void pld_reportsEpsilonAtItsDelta_andRefusesWhatWouldExceedTheBudget() {
    PrivacyAccountant a = accountant(1, 1e-6, Composition.pld(1e-6));
    PrivacyLoss g = PrivacyLoss.gaussian(20);
    int n = admitted(a, g, 100_000);
    PrivacyLoss spent = a.spent();
    assertEquals(1e-6, spent.delta());
    assertTrue(spent.epsilon() <= 1 * (1 + PrivacyAccountant.RELATIVE_TOLERANCE));
    assertEquals(n, a.charges().size());
    assertThrows(PrivacyBudgetExceededException.class, () -> a.charge("one more", g));
    assertEquals(n, a.charges().size());
    assertEquals(spent, a.spent());
    // n Gaussians with σ/Δ = 20 are one with 20/√n: ε(10^−6) just below 1 at n, above at n + 1.
    assertTrue(PrivacyLoss.gaussian(20 / Math.sqrt(n)).toApproximate(1e-6).epsilon() <= 1);
    assertTrue(PrivacyLoss.gaussian(20 / Math.sqrt(n + 2)).toApproximate(1e-6).epsilon() > 1);
  }

  @Test
  void tighterModes_admitMoreReleasesOfTheSameMechanism() {
    PrivacyLoss g = PrivacyLoss.gaussian(10);
    int pld = admitted(accountant(1, 1e-6, Composition.pld(1e-6)), g, 10_000);
    int rdp = admitted(accountant(1, 1e-6, Composition.rdp(1e-6)), g, 10_000);
    int zcdp = admitted(accountant(1, 1e-6, Composition.zcdp(1e-6)), g, 10_000);
    int basic = admitted(accountant(1, 1e-6, Composition.basic()), g, 10_000);
    assertTrue(pld > rdp, pld + " vs " + rdp);
    assertTrue(rdp >= zcdp - 1, rdp + " vs " + zcdp);
    assertTrue(zcdp > basic, zcdp + " vs " + basic);
  }

  @Test
  void basic_chargesTheStatedGuarantee_orTheCurveAtAnEqualShareOfTheBudgetDelta() {
    PrivacyAccountant a = accountant(10, 1e-5, Composition.basic());
    a.charge("laplace", PrivacyLoss.laplace(2));
    assertEquals(PrivacyLoss.pure(0.5), a.spent());
    a.charge(
        "calibrated", PrivacyLoss.gaussian(6).calibratedTo(PrivacyLoss.approximate(0.9, 1e-6)));
    assertEquals(1.4, a.spent().epsilon(), 1e-15);
    assertEquals(1e-6, a.spent().delta(), 0);
    // A bare Gaussian states only ρ: basic composition evaluates its exact (ε, δ) at δ_i, an equal
    // share of the budget's δ left after the (ε, δ) charges; the reported δ is the budget's.
    a.charge("bare 1", PrivacyLoss.gaussian(8));
    a.charge("bare 2", PrivacyLoss.gaussian(8));
    double share = (1e-5 - 1e-6) / 2;
    double each = PrivacyLoss.gaussian(8).toApproximate(share).epsilon();
    assertEquals(1.4 + 2 * each, a.spent().epsilon(), 1e-9);
    assertEquals(1e-5, a.spent().delta(), 1e-15);
    // Under a pure budget no δ is left for them: refused, nothing spent.
    PrivacyAccountant pure = accountant(10, 0, Composition.basic());
    assertThrows(
        PrivacyBudgetExceededException.class, () -> pure.charge("g", PrivacyLoss.gaussian(8)));
    assertTrue(pure.charges().isEmpty());
    // A generic zCDP loss is still refused by basic composition, with the way out named.
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> a.charge("z", PrivacyLoss.zcdp(0.1))),
        "must be a pure or (ε, δ) loss under basic composition",
        "PrivacyLoss.gaussian(noiseMultiplier)");
  }

  @Test
  void advanced_isNeverWorseThanBasic_withDescriptions() {
    PrivacyAccountant basic = accountant(1e6, 1e-5, Composition.basic());
    PrivacyAccountant advanced = accountant(1e6, 1e-5, Composition.advanced(5e-6));
    for (int i = 0; i < 300; i++) {
      PrivacyLoss l = i % 2 == 0 ? PrivacyLoss.gaussian(30) : PrivacyLoss.laplace(40);
      basic.charge("q", l);
      advanced.charge("q", l);
    }
    assertTrue(advanced.spent().epsilon() < basic.spent().epsilon());
  }

  @Test
  void zcdp_chargesTheRhoOfTheCurve_andSubsampledMechanismsWithoutAmplificationInRho() {
    // (ε, δ)-calibrated Gaussian: its curve's ρ, not its stated (ε, δ).
    PrivacyAccountant rho =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.zcdp(10))
            .composition(Composition.zcdp())
            .build();
    rho.charge("g", PrivacyLoss.gaussian(2).calibratedTo(PrivacyLoss.approximate(3, 1e-5)));
    assertEquals(PrivacyLoss.gaussian(2).rho(), rho.spent().rho(), 1e-15);
    // A Poisson-subsampled Gaussian has no amplified ρ: it counts with the inner ρ (subsampling
    // cannot hurt; Rényi divergence is jointly quasi-convex).
    rho.charge("sub", PrivacyLoss.subsampled(PrivacyLoss.gaussian(2), 0.01));
    assertEquals(2 * PrivacyLoss.gaussian(2).rho(), rho.spent().rho(), 1e-12);
    // A pure inner mechanism is amplified, as a pure loss.
    rho.charge("lap", PrivacyLoss.subsampled(PrivacyLoss.laplace(1), 0.1));
    double eps = Math.log1p(0.1 * Math.expm1(1));
    assertEquals(2 * PrivacyLoss.gaussian(2).rho() + eps * eps / 2, rho.spent().rho(), 1e-9);
    // An (ε, δ) inner mechanism has no ρ at all: refused against a ρ budget.
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> rho.charge("apx", PrivacyLoss.subsampled(PrivacyLoss.approximate(1, 1e-6), 0.1))),
        "must be a zCDP or pure loss against a ρ budget");

    // Against an (ε, δ) budget the subsampled charges are also converted through their amplified
    // (ε_i, δ_i) at an equal share of the δ left, and the smaller bound is reported.
    PrivacyAccountant z = accountant(1e6, 2e-5, Composition.zcdp(1e-5));
    PrivacyAccountant basic = accountant(1e6, 2e-5, Composition.basic());
    PrivacyLoss sub = PrivacyLoss.subsampled(PrivacyLoss.gaussian(1), 0.01);
    for (int i = 0; i < 100; i++) {
      z.charge("step", sub);
      basic.charge("step", sub);
    }
    double unamplified = PrivacyLoss.zcdpToEpsilon(100 * PrivacyLoss.gaussian(1).rho(), 1e-5);
    // No other charge: the whole budget δ is shared by the subsampled ones.
    double amplified = 100 * sub.toApproximate(2e-5 / 100).epsilon();
    assertEquals(Math.min(unamplified, amplified), z.spent().epsilon(), 1e-9 * amplified);
    assertTrue(z.spent().epsilon() < unamplified);
    assertTrue(z.spent().epsilon() <= basic.spent().epsilon() * (1 + 1e-9));
  }

  @Test
  void rdp_approximateChargesComposeOnTop() {
    PrivacyAccountant a = accountant(100, 1e-5, Composition.rdp(5e-6));
    a.charge("g", PrivacyLoss.gaussian(3));
    a.charge("apx", PrivacyLoss.approximate(0.5, 1e-6));
    PrivacyLoss s = a.spent();
    assertEquals(5e-6 + 1e-6, s.delta(), 1e-18);
    PrivacyAccountant only = accountant(100, 1e-5, Composition.rdp(5e-6));
    only.charge("g", PrivacyLoss.gaussian(3));
    assertEquals(only.spent().epsilon() + 0.5, s.epsilon(), 1e-12);
    // Pure charges alone compose basically, no conversion δ: never worse than basic.
    PrivacyAccountant pure = accountant(100, 1e-5, Composition.rdp(5e-6));
    pure.charge("a", PrivacyLoss.laplace(1));
    pure.charge("b", PrivacyLoss.pure(0.5));
    assertEquals(1.5, pure.spent().epsilon(), 1e-15);
    assertEquals(PrivacyLoss.Kind.PURE, pure.spent().kind());
  }

  @Test
  void dpSgd_pldAtMostRdp_andStableUnderGridRefinement() {
    // q = 0.01, σ = 1, 10^4 steps, δ = 10^−5 (the README's figures).
    PrivacyLoss step = PrivacyLoss.subsampled(PrivacyLoss.gaussian(1), 0.01);
    PrivacyAccountant pld = accountant(1e3, 1e-5, Composition.pld(1e-5));
    PrivacyAccountant rdp = accountant(1e3, 1e-5, Composition.rdp(1e-5));
    for (int i = 0; i < 10_000; i++) {
      pld.charge("step", step);
      rdp.charge("step", step);
    }
    double p = pld.spent().epsilon();
    double r = rdp.spent().epsilon();
    assertTrue(p < r, p + " vs " + r);
    assertEquals(6.19, p, 0.02);
    assertEquals(6.72, r, 0.02);
    // The discretization's error: a grid four times finer moves ε by less than 0.1%.
    io.privacity.core.accounting.internal.Curve c =
        io.privacity.core.accounting.internal.Curves.of(step);
    long[] n = {10_000};
    double h = io.privacity.core.accounting.internal.PldEvaluator.step(List.of(c), n);
    double fine =
        new io.privacity.core.accounting.internal.PldEvaluator()
            .evaluate(List.of(c), n, h / 4)
            .epsilon(1e-5);
    assertTrue(fine <= p && p <= fine * 1.001, p + " vs finer " + fine);
  }

  @Test
  void chargeParallel_chargesTheDominatingDescription() {
    PrivacyAccountant a = accountant(100, 1e-5, Composition.pld(1e-6));
    Charge c =
        a.chargeParallel(
            "stations",
            Map.of(
                "a",
                PrivacyLoss.gaussian(3),
                "b",
                PrivacyLoss.gaussian(2.5),
                "c",
                PrivacyLoss.gaussian(4)));
    assertEquals(PrivacyLoss.gaussian(2.5), c.loss());
    Charge d =
        a.chargeParallel("mixed", Map.of("a", PrivacyLoss.laplace(2), "b", PrivacyLoss.pure(0.3)));
    assertEquals(PrivacyLoss.pure(0.5), d.loss());
  }

  @Test
  void json_roundTrip_everyDescriptionAndMode() {
    List<PrivacyLoss> losses =
        List.of(
            PrivacyLoss.gaussian(3.5),
            PrivacyLoss.gaussian(5).calibratedTo(PrivacyLoss.approximate(1, 1e-5)),
            PrivacyLoss.laplace(4),
            PrivacyLoss.discreteLaplace(3, 2),
            PrivacyLoss.discreteGaussian(7, 1).calibratedTo(PrivacyLoss.zcdp(0.02)),
            PrivacyLoss.randomizedResponse(0.6, 4),
            PrivacyLoss.subsampled(PrivacyLoss.gaussian(1.1), 0.01),
            PrivacyLoss.subsampled(PrivacyLoss.laplace(1).calibratedTo(PrivacyLoss.pure(1.5)), 0.2),
            PrivacyLoss.subsampledWithoutReplacement(PrivacyLoss.laplace(2), 10, 1000),
            PrivacyLoss.composition(
                List.of(PrivacyLoss.laplace(9), PrivacyLoss.approximate(0.1, 1e-7))),
            PrivacyLoss.approximate(0.2, 1e-8),
            PrivacyLoss.pure(0.1));
    for (Composition mode :
        List.of(
            Composition.pld(1e-6),
            Composition.rdp(1e-6),
            Composition.zcdp(1e-6),
            Composition.advanced(1e-6),
            Composition.basic())) {
      PrivacyAccountant a = accountant(1e4, 1e-3, mode);
      for (PrivacyLoss l : losses) {
        a.charge("q", l);
      }
      String json = a.toJson();
      PrivacyAccountant back = PrivacyAccountant.fromJson(json);
      assertTrue(back.sameStateAs(a), mode.toString());
      assertEquals(json, back.toJson());
      assertEquals(losses, back.charges().stream().map(Charge::loss).toList());
      assertEquals(a.spent(), back.spent());
    }
  }

  @Test
  void json_tamperedDescriptions_areRejectedByPath() {
    PrivacyAccountant a = accountant(100, 1e-5, Composition.pld(1e-6));
    a.charge("q", PrivacyLoss.gaussian(5).calibratedTo(PrivacyLoss.approximate(1, 1e-5)));
    a.charge("s", PrivacyLoss.subsampled(PrivacyLoss.discreteLaplace(3, 2), 0.5));
    String json = a.toJson();
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.fromJson(
                    json.replace("\"noiseMultiplier\":5.0", "\"noiseMultiplier\":-1"))),
        "charges[0].loss.noiseMultiplier must be finite and > 0, got -1.0");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.fromJson(
                    json.replace(
                        "\"epsilon\":1.0,\"delta\":1.0E-5}", "\"epsilon\":0.1,\"delta\":1.0E-5}"))),
        "charges[0].loss.calibratedTo: guarantee must be implied by the mechanism");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.fromJson(
                    json.replace("\"sensitivity\":2", "\"sensitivity\":2.5"))),
        "charges[1].loss.loss.sensitivity must be an integer JSON number, got 2.5");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.fromJson(
                    json.replace("\"samplingRate\":0.5", "\"samplingRate\":1.5"))),
        "charges[1].loss.samplingRate must be in (0, 1], got 1.5");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.fromJson(
                    json.replace("\"kind\":\"gaussian\"", "\"kind\":\"gauss\""))),
        "charges[0].loss.kind must be one of pure, approximate, zcdp, gaussian, laplace");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrivacyAccountant.fromJson(
                    json.replace(
                        "\"kind\":\"pld\",\"delta\":1.0E-6", "\"kind\":\"pld\",\"delta\":2"))),
        "composition.delta must be in (0, 1), got 2.0");
    // Dropping a charge while keeping the spent loss is detected.
    String second = json.substring(json.indexOf(",{\"label\":\"s\""), json.indexOf("],\"spent\""));
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> PrivacyAccountant.fromJson(json.replace(second, ""))),
        "spent must be at most the loss its charges replay to");
  }

  @Test
  void json_versionOneSnapshots_areStillRead() {
    String v1 =
        "{\"format\":\"privacity.accountant\",\"version\":1,"
            + "\"budget\":{\"kind\":\"pure\",\"epsilon\":1.0},\"composition\":{\"kind\":\"basic\"},"
            + "\"charges\":[{\"label\":\"q\",\"loss\":{\"kind\":\"pure\",\"epsilon\":0.1},"
            + "\"time\":\"2026-11-27T03:00:00Z\"}],\"spent\":{\"kind\":\"pure\",\"epsilon\":0.1}}";
    assertEquals(PrivacyLoss.pure(0.1), PrivacyAccountant.fromJson(v1).spent());
  }

  @Test
  void eightThreads_neverOverspendThePldBudget() throws Exception {
    for (int round = 0; round < 3; round++) {
      PrivacyAccountant a = accountant(2, 1e-6, Composition.pld(1e-6));
      List<PrivacyLoss> kinds =
          List.of(
              PrivacyLoss.gaussian(12),
              PrivacyLoss.laplace(30),
              PrivacyLoss.subsampled(PrivacyLoss.gaussian(1.5), 0.05));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger refused = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 400; i++) {
                    try {
                      a.charge("t" + id, kinds.get((id + i) % kinds.size()));
                    } catch (PrivacyBudgetExceededException e) {
                      refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertTrue(refused.get() > 0, "the budget must run out");
      PrivacyLoss spent = a.spent();
      assertTrue(
          spent.epsilon() <= 2 * (1 + PrivacyAccountant.RELATIVE_TOLERANCE), spent::toString);
      assertEquals(3200, a.charges().size() + refused.get());
      // A sequential replay of what was admitted reaches the same state.
      PrivacyAccountant replay = PrivacyAccountant.fromJson(a.toJson());
      assertTrue(replay.sameStateAs(a));
    }
  }

  @Test
  void canCharge_leavesTheStateAsItWas() {
    PrivacyAccountant a = accountant(1, 1e-6, Composition.pld(1e-6));
    a.charge("g", PrivacyLoss.gaussian(10));
    PrivacyLoss before = a.spent();
    assertTrue(a.canCharge(PrivacyLoss.gaussian(10)));
    assertFalse(a.canCharge(PrivacyLoss.gaussian(0.5)));
    assertEquals(before, a.spent());
    assertEquals(1, a.charges().size());
  }

  /** Exact δ(ε) of one Gaussian with noise multiplier s (Balle and Wang 2018). */
  private static double gaussianDelta(double s, double eps) {
    org.apache.commons.math3.distribution.NormalDistribution n =
        new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);
    return n.cumulativeProbability(1 / (2 * s) - eps * s)
        - Math.exp(eps) * n.cumulativeProbability(-1 / (2 * s) - eps * s);
  }

  @Test
  void epsilonAtAndDeltaAt_readTheComposedCurve_neverBelowTheExactValue() {
    PrivacyAccountant a = accountant(100, 1e-3, Composition.pld(1e-6));
    PrivacyAccountant r = accountant(100, 1e-3, Composition.rdp(1e-6));
    assertEquals(0, a.epsilonAt(1e-5));
    assertEquals(0, a.deltaAt(1));
    for (int i = 0; i < 100; i++) {
      a.charge("g", PrivacyLoss.gaussian(10));
      r.charge("g", PrivacyLoss.gaussian(10));
    }
    // 100 Gaussians with σ = 10 are one Gaussian with σ = 1.
    assertEquals(a.spent().epsilon(), a.epsilonAt(1e-6), 1e-12);
    assertTrue(a.epsilonAt(1e-3) < a.epsilonAt(1e-6));
    assertTrue(r.epsilonAt(1e-5) >= a.epsilonAt(1e-5));
    for (double eps : new double[] {0.5, 1, 2, 4}) {
      double exact = gaussianDelta(1, eps);
      double d = a.deltaAt(eps);
      assertTrue(d >= exact && d <= exact * 1.05 + 1e-15, eps + ": " + d + " vs exact " + exact);
    }
    double e = a.epsilonAt(1e-5);
    assertTrue(gaussianDelta(1, e) <= 1e-5 && gaussianDelta(1, e / 1.01) > 1e-5, "eps " + e);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1e-9, 0.0, 1.0})
  void epsilonAt_badDelta_throws(double delta) {
    PrivacyAccountant a = accountant(1, 1e-6, Composition.pld(1e-6));
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> a.epsilonAt(delta)),
        "delta",
        String.valueOf(delta));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-9})
  void deltaAt_badEpsilon_throws(double epsilon) {
    PrivacyAccountant a = accountant(1, 1e-6, Composition.pld(1e-6));
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> a.deltaAt(epsilon)),
        "epsilon",
        ">= 0",
        String.valueOf(epsilon));
  }

  @Test
  void curveQueries_underModesWithoutCurves_throw() {
    PrivacyAccountant basic = accountant(1, 1e-6, Composition.basic());
    assertMessage(
        assertThrows(IllegalStateException.class, () -> basic.epsilonAt(1e-6)), "Composition.rdp");
    PrivacyAccountant rdp = accountant(1, 1e-6, Composition.rdp(1e-6));
    assertMessage(
        assertThrows(IllegalStateException.class, () -> rdp.deltaAt(1)), "Composition.pld");
  }
}

package io.privacity.core.accounting.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.Composition;
import io.privacity.core.accounting.PrivacyAccountant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Soundness of the modes against each other, for random mixes of mechanisms, every accountant at
 * total δ = 10^−5 (the curve modes convert at δ; advanced keeps δ′ = δ/2 and leaves the rest to
 * ρ-stated charges; basic spends the budget's δ on them). The chain and its documented slack
 * (docs/proofs/accounting.md, section 9):
 *
 * <ul>
 *   <li>PLD ≤ RDP·(1 + 2·10^−3): the PLD is exact up to its discretization, the Rényi bound is a
 *       bound;
 *   <li>RDP ≤ zCDP·1.01: the same curves (or tighter ones: exact Rényi curves of pure mechanisms),
 *       converted on the fixed grid of orders rather than at the best real order;
 *   <li>zCDP ≤ advanced·1.25: zCDP counts a pure ε as ε²/2 where Kairouz–Oh–Viswanath count
 *       ε·tanh(ε/2) — up to 20% less for charges of ε ≈ 1.7;
 *   <li>advanced ≤ basic, exactly (basic is one of advanced's candidates);
 *   <li>every mode never below the exact value where one exists: Gaussians only (one Gaussian with
 *       μ² = Σμ_i², Balle–Wang), or k ≤ 20 identical Laplace mechanisms (exact convolution).
 * </ul>
 *
 * With subsampled mechanisms zCDP has no amplification theorem (it composes their amplified (ε, δ)
 * basically, or their ρ unamplified) and may exceed advanced; there only PLD ≤ RDP, PLD below every
 * other mode, and advanced ≤ basic are asserted.
 */
class AccountingSoundnessProperties {
  private static final double DELTA = 1e-5;

  @Provide
  Arbitrary<List<PrivacyLoss>> mixes() {
    return mix(false);
  }

  @Provide
  Arbitrary<List<PrivacyLoss>> subsampledMixes() {
    return mix(true);
  }

  private static Arbitrary<List<PrivacyLoss>> mix(boolean subsampled) {
    Arbitrary<PrivacyLoss> mechanism =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(0.8, 20).map(PrivacyLoss::gaussian),
            Arbitraries.doubles().between(0.5, 30).map(PrivacyLoss::laplace),
            Arbitraries.doubles().between(0.55, 0.9).map(p -> PrivacyLoss.randomizedResponse(p)),
            Combinators.combine(
                    Arbitraries.doubles().between(0.8, 20), Arbitraries.longs().between(1, 3))
                .as(PrivacyLoss::discreteGaussian),
            Combinators.combine(
                    Arbitraries.doubles().between(0.5, 20), Arbitraries.longs().between(1, 3))
                .as(PrivacyLoss::discreteLaplace),
            Arbitraries.doubles().between(0.01, 1.5).ofScale(3).map(PrivacyLoss::pure));
    Arbitrary<PrivacyLoss> any =
        subsampled
            ? Arbitraries.oneOf(
                mechanism,
                Combinators.combine(
                        Arbitraries.doubles().between(0.7, 3),
                        Arbitraries.doubles().between(0.001, 0.1).ofScale(4))
                    .as((s, q) -> PrivacyLoss.subsampled(PrivacyLoss.gaussian(s), q)),
                Combinators.combine(
                        Arbitraries.doubles().between(0.3, 3),
                        Arbitraries.doubles().between(0.01, 0.3).ofScale(3))
                    .as((x, q) -> PrivacyLoss.subsampled(PrivacyLoss.laplace(x), q)))
            : mechanism;
    Arbitrary<List<PrivacyLoss>> group =
        Combinators.combine(any, Arbitraries.integers().between(1, 200))
            .as(
                (l, n) -> {
                  List<PrivacyLoss> g = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    g.add(l);
                  }
                  return g;
                });
    return group
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            groups -> {
              List<PrivacyLoss> all = new ArrayList<>();
              groups.forEach(all::addAll);
              return all;
            });
  }

  private static double spent(Composition c, List<PrivacyLoss> charges) {
    PrivacyAccountant a =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1e9, DELTA))
            .composition(c)
            .build();
    for (PrivacyLoss l : charges) {
      a.charge("q", l);
    }
    return a.spent().epsilon();
  }

  private static double rawPld(List<PrivacyLoss> charges) {
    Map<PrivacyLoss, long[]> groups = new LinkedHashMap<>();
    for (PrivacyLoss l : charges) {
      groups.computeIfAbsent(l, k -> new long[1])[0]++;
    }
    List<Curve> curves = new ArrayList<>();
    long[] counts = new long[groups.size()];
    int i = 0;
    for (Map.Entry<PrivacyLoss, long[]> e : groups.entrySet()) {
      curves.add(Curves.of(e.getKey()));
      counts[i++] = e.getValue()[0];
    }
    return new PldEvaluator().evaluate(curves, counts).epsilon(DELTA);
  }

  /** The exact ε at δ where a closed form exists, else NaN. */
  private static double exact(List<PrivacyLoss> charges) {
    boolean gaussians = true;
    double muSq = 0;
    for (PrivacyLoss l : charges) {
      if (l.mechanism() != PrivacyLoss.Mechanism.GAUSSIAN) {
        gaussians = false;
        break;
      }
      double x = l.parameters().get("noiseMultiplier").doubleValue();
      muSq += 1 / (x * x);
    }
    if (gaussians) {
      return AnalyticGaussian.epsilon(Math.sqrt(muSq), DELTA);
    }
    PrivacyLoss first = charges.get(0);
    if (first.mechanism() == PrivacyLoss.Mechanism.LAPLACE
        && charges.size() <= 20
        && charges.stream().allMatch(first::equals)) {
      ExactLaplaceComposition e =
          new ExactLaplaceComposition(
              1 / first.parameters().get("scaleOverSensitivity").doubleValue(), charges.size());
      double lo = 0;
      double hi = charges.size() / first.parameters().get("scaleOverSensitivity").doubleValue();
      BigDecimal target = new BigDecimal(DELTA);
      for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (e.delta(mid).compareTo(target) > 0) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
    return Double.NaN;
  }

  @Property(tries = 40, seed = "2026")
  void chain_pldRdpZcdpAdvancedBasic(@ForAll("mixes") List<PrivacyLoss> charges) {
    double pld = rawPld(charges);
    double pldMode = spent(Composition.pld(DELTA), charges);
    double rdp = spent(Composition.rdp(DELTA), charges);
    double zcdp = spent(Composition.zcdp(DELTA), charges);
    double advanced = spent(Composition.advanced(DELTA / 2), charges);
    double basic = spent(Composition.basic(), charges);
    String all =
        "pld " + pld + " rdp " + rdp + " zcdp " + zcdp + " adv " + advanced + " basic " + basic;
    assertTrue(pld <= rdp * (1 + 5e-3), all);
    assertTrue(pldMode <= pld * (1 + 1e-12), all);
    assertTrue(rdp <= zcdp * 1.01, all);
    assertTrue(zcdp <= advanced * 1.25, all);
    assertTrue(advanced <= basic * (1 + 1e-12), all);
    double exact = exact(charges);
    if (!Double.isNaN(exact)) {
      for (double v : new double[] {pld, pldMode, rdp, zcdp, advanced, basic}) {
        assertTrue(v >= exact * (1 - 1e-12), "below the exact " + exact + ": " + all);
      }
    }
  }

  @Property(tries = 20, seed = "2027")
  void withSubsampling_pldBelowEveryMode(@ForAll("subsampledMixes") List<PrivacyLoss> charges) {
    double pld = rawPld(charges);
    double rdp = spent(Composition.rdp(DELTA), charges);
    double zcdp = spent(Composition.zcdp(DELTA), charges);
    double advanced = spent(Composition.advanced(DELTA / 2), charges);
    double basic = spent(Composition.basic(), charges);
    String all =
        "pld " + pld + " rdp " + rdp + " zcdp " + zcdp + " adv " + advanced + " basic " + basic;
    assertTrue(pld <= rdp * (1 + 5e-3), all);
    assertTrue(pld <= Math.min(zcdp, Math.min(advanced, basic)) * (1 + 5e-3), all);
    assertTrue(advanced <= basic * (1 + 1e-12), all);
  }
}

package io.privacity.core.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.PrivacyLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.math3.util.CombinatoricsUtils;

class PrivacyAccountantProperties {

  @Provide
  Arbitrary<PrivacyLoss> losses() {
    Arbitrary<Double> eps = Arbitraries.doubles().between(0.001, 0.5).ofScale(4);
    Arbitrary<Double> delta = Arbitraries.doubles().between(1e-9, 1e-7).ofScale(12);
    Arbitrary<Double> rho = Arbitraries.doubles().between(0.0001, 0.02).ofScale(5);
    return Arbitraries.oneOf(
        eps.map(PrivacyLoss::pure),
        Combinators.combine(eps, delta).as(PrivacyLoss::approximate),
        rho.map(PrivacyLoss::zcdp),
        Arbitraries.doubles().between(5, 50).ofScale(2).map(PrivacyLoss::gaussian),
        Arbitraries.doubles().between(2, 100).ofScale(2).map(PrivacyLoss::laplace),
        Combinators.combine(
                Arbitraries.doubles().between(1, 3).ofScale(2),
                Arbitraries.doubles().between(0.001, 0.05).ofScale(4))
            .as((x, q) -> PrivacyLoss.subsampled(PrivacyLoss.gaussian(x), q)));
  }

  @Provide
  Arbitrary<PrivacyLoss> dpLosses() {
    Arbitrary<Double> eps = Arbitraries.doubles().between(0.001, 0.5).ofScale(4);
    Arbitrary<Double> delta = Arbitraries.doubles().between(1e-9, 1e-7).ofScale(12);
    return Arbitraries.oneOf(
        eps.map(PrivacyLoss::pure), Combinators.combine(eps, delta).as(PrivacyLoss::approximate));
  }

  @Provide
  Arbitrary<Composition> compositions() {
    return Arbitraries.of(
        Composition.basic(),
        Composition.advanced(1e-6),
        Composition.zcdp(1e-6),
        Composition.zcdp(),
        Composition.rdp(1e-6),
        Composition.pld(1e-6));
  }

  @Provide
  Arbitrary<Double> budgets() {
    return Arbitraries.doubles().between(0.2, 5.0).ofScale(3);
  }

  private static PrivacyAccountant accountant(Composition composition, double epsilon) {
    PrivacyLoss budget =
        composition.isRhoBudget()
            ? PrivacyLoss.zcdp(epsilon / 10)
            : PrivacyLoss.approximate(epsilon, 1e-5);
    return PrivacyAccountant.builder().budget(budget).composition(composition).build();
  }

  /**
   * The losses a composition accepts: no generic zCDP loss under basic or advanced composition (a
   * description stating ρ is converted at a share of δ), no δ &gt; 0 under a ρ budget.
   */
  private static boolean accepts(Composition composition, PrivacyLoss loss) {
    switch (composition.kind()) {
      case BASIC:
      case ADVANCED:
        return loss.kind() != PrivacyLoss.Kind.ZCDP
            || loss.mechanism() != PrivacyLoss.Mechanism.GENERIC;
      default:
        return !composition.isRhoBudget() || loss.kind() != PrivacyLoss.Kind.APPROXIMATE;
    }
  }

  private static void assertWithinBudget(PrivacyAccountant accountant) {
    PrivacyLoss spent = accountant.spent();
    PrivacyLoss budget = accountant.budget();
    double slack = 1 + PrivacyAccountant.RELATIVE_TOLERANCE;
    if (spent.equals(PrivacyLoss.NONE)) {
      return;
    }
    if (budget.kind() == PrivacyLoss.Kind.ZCDP) {
      assertTrue(spent.rho() <= budget.rho() * slack, () -> spent + " exceeds " + budget);
    } else {
      assertTrue(spent.epsilon() <= budget.epsilon() * slack, () -> spent + " exceeds " + budget);
      assertTrue(spent.delta() <= budget.delta() * slack, () -> spent + " exceeds " + budget);
    }
  }

  /**
   * Four threads charge interleaved random losses at once (released together by a latch). The
   * budget is never exceeded, exactly the successful charges are recorded, and the state equals a
   * sequential replay of the recorded charges (the JSON restore replays them).
   */
  // Tries kept low: PLD and RDP accountants (FFT composition per new charge shape) are the costly
  // draws; the loss-shape space is covered by many charges per try rather than many tries.
  @Property(tries = 30)
  void concurrentCharges_neverExceedBudget(
      @ForAll("compositions") Composition composition,
      @ForAll("budgets") double epsilon,
      @ForAll @Size(min = 1, max = 120) List<@From("losses") PrivacyLoss> losses)
      throws InterruptedException {
    PrivacyAccountant accountant = accountant(composition, epsilon);
    List<PrivacyLoss> usable = losses.stream().filter(l -> accepts(composition, l)).toList();
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                // Every thread tries every loss, from a different starting point.
                for (int i = 0; i < usable.size(); i++) {
                  PrivacyLoss loss = usable.get((i + offset * 7) % usable.size());
                  try {
                    accountant.charge("t" + offset + "-" + i, loss);
                    admitted.incrementAndGet();
                  } catch (PrivacyBudgetExceededException refused) {
                    // refused: nothing spent
                  }
                }
              });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertWithinBudget(accountant);
    assertEquals(admitted.get(), accountant.charges().size());
    PrivacyAccountant replayed = PrivacyAccountant.fromJson(accountant.toJson());
    assertTrue(replayed.sameStateAs(accountant));
  }

  /** A refused charge leaves the snapshot (budget, charges, spent) exactly as it was. */
  @Property(tries = 50)
  void refusedCharges_spendNothing(
      @ForAll("compositions") Composition composition,
      @ForAll("budgets") double epsilon,
      @ForAll @Size(min = 1, max = 80) List<@From("losses") PrivacyLoss> losses) {
    List<Charge> heard = new ArrayList<>();
    PrivacyLoss budget =
        composition.isRhoBudget()
            ? PrivacyLoss.zcdp(epsilon / 10)
            : PrivacyLoss.approximate(epsilon, 1e-5);
    PrivacyAccountant accountant =
        PrivacyAccountant.builder()
            .budget(budget)
            .composition(composition)
            .onCharge(heard::add)
            .build();
    for (PrivacyLoss loss : losses) {
      if (!accepts(composition, loss)) {
        continue;
      }
      String before = accountant.toJson();
      PrivacyLoss spentBefore = accountant.spent();
      int heardBefore = heard.size();
      boolean predicted = accountant.canCharge(loss);
      try {
        accountant.charge("q", loss);
        assertTrue(predicted);
        assertEquals(heardBefore + 1, heard.size());
      } catch (PrivacyBudgetExceededException refused) {
        assertTrue(!predicted);
        assertEquals(before, accountant.toJson());
        assertEquals(spentBefore, accountant.spent());
        assertEquals(heardBefore, heard.size());
      }
      assertWithinBudget(accountant);
    }
    assertEquals(heard, accountant.charges());
  }

  @Property(tries = 50)
  void restored_equalsOriginal(
      @ForAll("compositions") Composition composition,
      @ForAll("budgets") double epsilon,
      @ForAll @Size(max = 60) List<@From("losses") PrivacyLoss> losses) {
    PrivacyAccountant accountant = accountant(composition, epsilon);
    for (PrivacyLoss loss : losses) {
      if (accepts(composition, loss) && accountant.canCharge(loss)) {
        accountant.charge("label " + loss, loss);
      }
    }
    String json = accountant.toJson();
    PrivacyAccountant restored = PrivacyAccountant.fromJson(json);
    assertTrue(restored.sameStateAs(accountant));
    assertEquals(json, restored.toJson());
  }

  /** With a budget large enough to admit everything, advanced composition reports ε ≤ basic. */
  @Property(tries = 200)
  void advanced_neverWorseThanBasic(
      @ForAll @Size(min = 1, max = 300) List<@From("dpLosses") PrivacyLoss> losses,
      @ForAll boolean homogeneous) {
    List<PrivacyLoss> charged =
        homogeneous ? losses.stream().map(l -> losses.get(0)).toList() : losses;
    PrivacyAccountant basic =
        PrivacyAccountant.builder().budget(PrivacyLoss.approximate(1000, 0.5)).build();
    PrivacyAccountant advanced =
        PrivacyAccountant.builder()
            .budget(PrivacyLoss.approximate(1000, 0.5))
            .composition(Composition.advanced(1e-6))
            .build();
    for (PrivacyLoss loss : charged) {
      basic.charge("q", loss);
      advanced.charge("q", loss);
    }
    assertTrue(advanced.spent().epsilon() <= basic.spent().epsilon());
    if (advanced.spent().epsilon() < basic.spent().epsilon()) {
      assertEquals(Totals.addUp(basic.spent().delta(), 1e-6), advanced.spent().delta());
    } else {
      assertEquals(basic.spent(), advanced.spent());
    }
  }

  @Provide
  Arbitrary<Double> unitEpsilons() {
    return Arbitraries.doubles().between(-3.0, 0.3).ofScale(4).map(x -> Math.pow(10, x));
  }

  @Provide
  Arbitrary<Double> slacks() {
    return Arbitraries.doubles().between(-12.0, -2.0).ofScale(4).map(x -> Math.pow(10, x));
  }

  /** Kairouz–Oh–Viswanath's optimal homogeneous bound is at most DRV, KOV 3.5 and basic. */
  @Property(tries = 150)
  void homogeneousOptimal_atMostOtherBounds(
      @ForAll @IntRange(min = 1, max = 2000) int k,
      @ForAll("unitEpsilons") double epsilon,
      @ForAll("slacks") double slack) {
    double optimal = CompositionBounds.kovOptimal(k, epsilon, slack);
    double drv = CompositionBounds.drv(k, epsilon, slack);
    double kov =
        CompositionBounds.kovHeterogeneous(
            k * epsilon * epsilon, k * CompositionBounds.kovTerm(epsilon), slack);
    assertTrue(optimal <= drv, () -> "optimal " + optimal + " > DRV " + drv);
    assertTrue(optimal <= kov, () -> "optimal " + optimal + " > KOV 3.5 " + kov);
    assertTrue(optimal <= k * epsilon, () -> "optimal " + optimal + " > basic " + k * epsilon);
  }

  /**
   * The optimal bound is valid and tight, checked against an independent evaluation of KOV's
   * Theorem 3.3 sum Σ_l C(k,l)·[e^{(k−l)ε} − e^{ε̃+lε}]_+ / (1+e^ε)^k (commons-math binomial
   * logarithms): δ at the reported ε̃ is at most δ′ (up to 1e-6 relative, far above the error of
   * either evaluation), and δ at ε̃ − 1e-6·max(1, ε̃) exceeds δ′ (so the bound is not loose).
   */
  @Property(tries = 150)
  void homogeneousOptimal_validAndTight(
      @ForAll @IntRange(min = 1, max = 400) int k,
      @ForAll("unitEpsilons") double epsilon,
      @ForAll("slacks") double slack) {
    double optimal = CompositionBounds.kovOptimal(k, epsilon, slack);
    assertTrue(
        kovDelta(k, epsilon, optimal) <= slack * (1 + 1e-6),
        () -> "δ(" + optimal + ") = " + kovDelta(k, epsilon, optimal) + " > " + slack);
    double below = optimal - 1e-6 * Math.max(1, optimal);
    if (below > 0) {
      assertTrue(
          kovDelta(k, epsilon, below) > slack,
          () -> "δ(" + below + ") = " + kovDelta(k, epsilon, below) + " <= " + slack);
    }
  }

  private static double kovDelta(int k, double epsilon, double epsilonTilde) {
    double logNorm = k * (epsilon + Math.log1p(Math.exp(-epsilon)));
    double sum = 0;
    for (int l = 0; l <= k; l++) {
      double high = (k - l) * epsilon;
      double low = epsilonTilde + l * epsilon;
      if (high > low) {
        double logTerm =
            CombinatoricsUtils.binomialCoefficientLog(k, l)
                + high
                + Math.log1p(-Math.exp(low - high))
                - logNorm;
        sum += Math.exp(logTerm);
      }
    }
    return sum;
  }
}

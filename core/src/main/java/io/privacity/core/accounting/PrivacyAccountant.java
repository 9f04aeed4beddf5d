package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A fail-closed, thread-safe privacy budget. Each release is charged before any noise is drawn; a
 * charge that would exceed the budget throws {@link PrivacyBudgetExceededException} and spends
 * nothing.
 *
 * <p>Composition: basic sequential composition (Dwork, McSherry, Nissim and Smith 2006): the spent
 * ε and δ are the sums of the charges.
 */
public final class PrivacyAccountant {
  private final PrivacyLoss budget;
  private final Clock clock;
  private final List<Charge> charges = new ArrayList<>();
  private double spentEpsilon;
  private double spentDelta;

  private PrivacyAccountant(PrivacyLoss budget, Clock clock) {
    this.budget = budget;
    this.clock = clock;
  }

  /**
   * An accountant with the given total budget and basic composition.
   *
   * @param budget a pure or approximate (ε, δ) budget
   * @return a new accountant with nothing spent
   */
  public static PrivacyAccountant withBudget(PrivacyLoss budget) {
    Checks.notNull("budget", budget);
    Checks.state(budget.kind() != PrivacyLoss.Kind.ZCDP, "budget must be stated in (ε, δ)");
    return new PrivacyAccountant(budget, Clock.systemUTC());
  }

  /**
   * Charges a loss to the budget, or refuses it and spends nothing.
   *
   * @param label what the charge is for, non-blank
   * @param loss the loss to charge
   * @return the recorded charge
   * @throws PrivacyBudgetExceededException if the charge would exceed the budget
   */
  public synchronized Charge charge(String label, PrivacyLoss loss) {
    Checks.nonBlank("label", label);
    Checks.notNull("loss", loss);
    double eps = spentEpsilon + loss.epsilon();
    double delta = spentDelta + loss.delta();
    if (eps > budget.epsilon() || delta > budget.delta()) {
      throw new PrivacyBudgetExceededException(label, loss, remaining());
    }
    Charge charge = new Charge(label, loss, clock.instant());
    charges.add(charge);
    spentEpsilon = eps;
    spentDelta = delta;
    return charge;
  }

  /**
   * The total budget.
   *
   * @return the budget
   */
  public PrivacyLoss budget() {
    return budget;
  }

  /**
   * What has been spent so far.
   *
   * @return the spent loss ({@link PrivacyLoss#NONE} before the first charge)
   */
  public synchronized PrivacyLoss spent() {
    return spentEpsilon == 0 ? PrivacyLoss.NONE : PrivacyLoss.approximate(spentEpsilon, spentDelta);
  }

  /**
   * What is left of the budget.
   *
   * @return the remaining loss ({@link PrivacyLoss#NONE} when nothing is left)
   */
  public synchronized PrivacyLoss remaining() {
    double eps = budget.epsilon() - spentEpsilon;
    double delta = Math.max(0, budget.delta() - spentDelta);
    return eps <= 0 ? PrivacyLoss.NONE : PrivacyLoss.approximate(eps, delta);
  }

  /**
   * Every charge so far, oldest first.
   *
   * @return an immutable copy
   */
  public synchronized List<Charge> charges() {
    return List.copyOf(charges);
  }
}

package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.internal.Curve;
import io.privacity.core.accounting.internal.Curves;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composition state of one accountant: charges are added tentatively, checked against the
 * budget, and undone if refused. Not thread-safe: the accountant calls it under its lock.
 * Package-private.
 */
abstract class Engine {
  final PrivacyLoss budget;
  final Composition composition;
  private long version;

  Engine(PrivacyLoss budget, Composition composition) {
    this.budget = budget;
    this.composition = composition;
  }

  static Engine of(PrivacyLoss budget, Composition composition) {
    switch (composition.kind()) {
      case RDP:
        return new RdpEngine(budget, composition);
      case PLD:
        return new PldEngine(budget, composition);
      default:
        return new ClassicalEngine(budget, composition);
    }
  }

  /** Adds one charge (its parts, for a composition). */
  final void add(PrivacyLoss loss) {
    version++;
    doAdd(loss);
  }

  /** Undoes the last {@link #add}. */
  final void undo() {
    version++;
    doUndo();
  }

  /** A number that changes whenever the state does. */
  final long version() {
    return version;
  }

  abstract void doAdd(PrivacyLoss loss);

  abstract void doUndo();

  /** Whether some valid bound for the current state fits the budget. */
  abstract boolean admits();

  /** The spent loss: the smallest-ε valid bound, preferring ones that fit. */
  abstract PrivacyLoss report();

  /**
   * ε of the charges so far at another total δ (curve-based modes; δ already validated).
   *
   * @throws IllegalStateException under a mode without curves
   */
  double epsilonAt(double delta) {
    throw new IllegalStateException(
        "epsilonAt needs Composition.rdp or Composition.pld, got " + composition);
  }

  /**
   * δ of the charges so far at a given ε (PLD only; ε already validated).
   *
   * @throws IllegalStateException under another mode
   */
  double deltaAt(double epsilon) {
    throw new IllegalStateException("deltaAt needs Composition.pld, got " + composition);
  }

  /** The smaller ε of two candidates (either may be null), +∞ if both are null. */
  static double minEpsilon(PrivacyLoss a, PrivacyLoss b) {
    double x = a == null ? Double.POSITIVE_INFINITY : a.epsilon();
    double y = b == null ? Double.POSITIVE_INFINITY : b.epsilon();
    return Math.min(x, y);
  }

  /**
   * Checks that this composition can compose the loss.
   *
   * @throws IllegalArgumentException if it cannot (the message names the parameter)
   */
  abstract void check(String name, PrivacyLoss loss);

  // ---------------------------------------------------------------------------------------------

  boolean fits(double epsilon, double delta) {
    return epsilon <= budget.epsilon() * (1 + PrivacyAccountant.RELATIVE_TOLERANCE)
        && delta <= budget.delta() * (1 + PrivacyAccountant.RELATIVE_TOLERANCE)
        && delta < 1;
  }

  boolean fits(PrivacyLoss loss) {
    if (composition.isRhoBudget()) {
      return loss == PrivacyLoss.NONE
          || loss.rho() <= budget.rho() * (1 + PrivacyAccountant.RELATIVE_TOLERANCE);
    }
    return fits(loss.epsilon(), loss.delta());
  }

  /** Of two valid bounds, the one that fits the budget, else the smaller ε (as advanced does). */
  PrivacyLoss smaller(PrivacyLoss a, PrivacyLoss b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    boolean aFits = fits(a);
    if (aFits != fits(b)) {
      return aFits ? a : b;
    }
    return a.epsilon() <= b.epsilon() ? a : b;
  }

  /** An (ε, δ) loss, or null when ε is not finite (no valid bound of this kind). */
  static PrivacyLoss approximateOrNull(double epsilon, double delta) {
    if (!(epsilon < Double.POSITIVE_INFINITY) || !(delta < 1)) {
      return null;
    }
    return PrivacyLoss.approximate(Math.max(epsilon, Double.MIN_NORMAL), delta);
  }

  /** The parts of a charge: itself, or a composition's parts. */
  static List<PrivacyLoss> parts(PrivacyLoss loss) {
    return loss.mechanism() == PrivacyLoss.Mechanism.COMPOSITION ? loss.parts() : List.of(loss);
  }

  /** A bounded cache of curves by their bare description. */
  static final class CurveCache {
    private static final int MAX = 8192;
    private final Map<PrivacyLoss, Curve> map =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PrivacyLoss, Curve> eldest) {
            return size() > MAX;
          }
        };

    Curve get(PrivacyLoss curveKey) {
      return map.computeIfAbsent(curveKey, Curves::of);
    }
  }
}

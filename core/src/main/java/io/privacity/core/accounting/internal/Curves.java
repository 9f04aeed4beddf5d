package io.privacity.core.accounting.internal;

import io.privacity.core.PrivacyLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * The privacy curves of {@link PrivacyLoss} descriptions, and the conversions {@link PrivacyLoss}
 * delegates here ({@link PrivacyLoss#toApproximate(double)} and the check of {@link
 * PrivacyLoss#calibratedTo(PrivacyLoss)}).
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class Curves {
  private Curves() {}

  /**
   * The curve of a description (or of a generic guarantee: binary randomized response for pure ε,
   * its δ-mixture for (ε, δ), the CKS profile bound for ρ-zCDP).
   *
   * @param loss a loss that is not a composition (its stated guarantee is ignored: use {@link
   *     PrivacyLoss#curve()} first if it matters)
   * @return the curve
   * @throws IllegalArgumentException for a composition or {@link PrivacyLoss#NONE}
   */
  public static Curve of(PrivacyLoss loss) {
    if (loss.equals(PrivacyLoss.NONE)) {
      throw new IllegalArgumentException("PrivacyLoss.NONE has no curve");
    }
    java.util.Map<String, Number> p = loss.parameters();
    switch (loss.mechanism()) {
      case GENERIC:
        switch (loss.kind()) {
          case PURE:
            return AtomCurve.approximate(loss.epsilon(), 0);
          case APPROXIMATE:
            return AtomCurve.approximate(loss.epsilon(), loss.delta());
          default:
            return new ZcdpCurve(loss.rho());
        }
      case GAUSSIAN:
        return new GaussianCurve(p.get("noiseMultiplier").doubleValue());
      case LAPLACE:
        return new LaplaceCurve(p.get("scaleOverSensitivity").doubleValue());
      case DISCRETE_LAPLACE:
        return new DiscreteLaplaceCurve(
            p.get("scale").doubleValue(), p.get("sensitivity").longValue());
      case DISCRETE_GAUSSIAN:
        return new DiscreteGaussianCurve(
            p.get("sigma").doubleValue(), p.get("sensitivity").longValue());
      case RANDOMIZED_RESPONSE:
        return AtomCurve.randomizedResponse(
            p.get("p").doubleValue(), p.get("categories").longValue());
      case POISSON_SUBSAMPLED:
        return new PoissonCurve(of(loss.inner().curve()), loss.samplingRate());
      case SAMPLED_WITHOUT_REPLACEMENT:
        return new WithoutReplacementCurve(of(loss.inner().curve()), loss.samplingRate());
      default:
        throw new IllegalArgumentException("a composition has no single curve: " + loss);
    }
  }

  /**
   * ε′ = ln(1 + q(e^ε − 1)), the amplification of a pure ε by sampling rate q (Balle, Barthe and
   * Gaboardi 2018), computed without overflow.
   *
   * @param epsilon ε ≥ 0
   * @param q q in (0, 1]
   * @return ε′
   */
  public static double amplifiedEpsilon(double epsilon, double q) {
    if (epsilon > 1) {
      return epsilon + Math.log(q + (1 - q) * Math.exp(-epsilon));
    }
    return Math.log1p(q * Math.expm1(epsilon));
  }

  /**
   * The (ε, δ) of a description at δ: the smallest ε whose profile is at most δ (the composition of
   * a composition's parts by privacy loss distributions).
   *
   * @param curve a description (its natural form)
   * @param delta δ in (0, 1)
   * @return a generic loss (pure if the curve is pure and nothing smaller reaches δ)
   */
  public static PrivacyLoss toApproximate(PrivacyLoss curve, double delta) {
    double eps;
    if (curve.mechanism() == PrivacyLoss.Mechanism.COMPOSITION) {
      List<Curve> curves = new ArrayList<>();
      for (PrivacyLoss part : curve.parts()) {
        curves.add(of(part.curve()));
      }
      long[] counts = new long[curves.size()];
      java.util.Arrays.fill(counts, 1);
      eps = new PldEvaluator().evaluate(curves, counts).epsilon(delta);
    } else {
      Curve c = of(curve);
      double pure = c.pureEpsilon();
      eps = c.epsilon(delta);
      if (pure < Double.POSITIVE_INFINITY && eps >= pure) {
        return PrivacyLoss.pure(pure);
      }
    }
    if (!(eps < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "delta " + delta + " is below the mass this mechanism has at infinity: " + curve);
    }
    return PrivacyLoss.approximate(Math.max(eps, Double.MIN_NORMAL), delta);
  }

  /**
   * Whether the curve implies a generic guarantee (see {@link PrivacyLoss#calibratedTo}).
   *
   * @param curve a description (not a composition)
   * @param guarantee a generic guarantee
   * @param tolerance relative tolerance on ε and ρ
   * @return true if implied
   */
  public static boolean implies(PrivacyLoss curve, PrivacyLoss guarantee, double tolerance) {
    Curve c = of(curve);
    double tol = 1 + tolerance;
    switch (guarantee.kind()) {
      case PURE:
        return c.pureEpsilon() <= guarantee.epsilon() * tol;
      case ZCDP:
        return c.rho() <= guarantee.rho() * tol;
      default:
        double eps = guarantee.epsilon();
        double del = guarantee.delta();
        if (c.pureEpsilon() <= eps * tol) {
          return true;
        }
        double rho = c.rho();
        if (rho > 0 && ZcdpConversion.epsilon(rho, del) <= eps * tol) {
          return true;
        }
        return c.delta(eps) <= del * (1 + 1e-6);
    }
  }
}

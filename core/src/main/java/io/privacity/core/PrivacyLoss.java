package io.privacity.core;

import io.privacity.core.accounting.internal.Curves;
import io.privacity.core.accounting.internal.ZcdpConversion;
import io.privacity.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A differential-privacy guarantee: pure ε-DP, approximate (ε, δ)-DP or ρ-zero-concentrated DP —
 * optionally together with the <i>description of the mechanism</i> that has it, so that an
 * accountant can compose the mechanism's exact privacy curve instead of a single (ε, δ) point.
 * Immutable value; thread-safe.
 *
 * <h2>Generic guarantees and mechanism descriptions</h2>
 *
 * <p>{@link #pure}, {@link #approximate} and {@link #zcdp} state a guarantee and nothing else
 * ({@link Mechanism#GENERIC}). The other factories describe a mechanism:
 *
 * <table>
 *   <caption>Mechanism descriptions and the guarantee they state</caption>
 *   <tr><th>factory</th><th>mechanism</th><th>stated guarantee</th></tr>
 *   <tr><td>{@link #laplace(double)}</td><td>Laplace noise, scale b = x·Δ (L1)</td>
 *       <td>pure ε = 1/x</td></tr>
 *   <tr><td>{@link #gaussian(double)}</td><td>Gaussian noise, σ = x·Δ (L2)</td>
 *       <td>ρ = 1/(2x²)-zCDP</td></tr>
 *   <tr><td>{@link #discreteLaplace(double, long)}</td><td>P(z) ∝ e^{−|z|/t} on the integers,
 *       integer sensitivity Δ</td><td>pure ε = Δ/t</td></tr>
 *   <tr><td>{@link #discreteGaussian(double, long)}</td><td>P(z) ∝ e^{−z²/(2σ²)} on the
 *       integers, integer sensitivity Δ</td><td>ρ = Δ²/(2σ²)-zCDP (CKS 2020, Thm 4)</td></tr>
 *   <tr><td>{@link #randomizedResponse(double, long)}</td><td>the truth with probability p, else
 *       one of the k − 1 other values uniformly</td><td>pure ε = ln(p(k−1)/(1−p))</td></tr>
 *   <tr><td>{@link #subsampled(PrivacyLoss, double)}</td><td>a mechanism run on a Poisson sample
 *       (each record kept with probability q)</td><td>the inner guarantee amplified: ε′ =
 *       ln(1 + q(e^ε − 1)), δ′ = qδ; ρ unchanged</td></tr>
 *   <tr><td>{@link #subsampledWithoutReplacement}</td><td>a mechanism run on m records drawn
 *       without replacement from n (substitution relation)</td><td>as Poisson, with q =
 *       m/n</td></tr>
 *   <tr><td>{@link #composition(List)}</td><td>several mechanisms run on the same data</td>
 *       <td>(Σε, Σδ), or Σρ</td></tr>
 * </table>
 *
 * <p>{@link #kind()}, {@link #epsilon()}, {@link #delta()} and {@link #rho()} always report the
 * <i>stated</i> guarantee, so code that only knows (ε, δ) and ρ keeps working; {@link
 * #calibratedTo(PrivacyLoss)} replaces the stated guarantee by the one a mechanism was calibrated
 * for (e.g. a Gaussian calibrated to (0.5, 10⁻⁶)), after checking that the curve implies it. Which
 * accountant uses what is documented on {@link io.privacity.core.accounting.Composition}: basic,
 * advanced and zCDP compose stated guarantees (or ρ equivalents); Rényi DP and privacy loss
 * distributions compose the curves.
 *
 * <h2>Conversions</h2>
 *
 * <ul>
 *   <li>pure ε-DP implies (ε²/2)-zCDP (Bun and Steinke 2016, Proposition 1.4): {@link #toZcdp()};
 *   <li>ρ-zCDP implies (ε, δ)-DP for every δ &gt; 0: {@link #zcdpToEpsilon} returns the smaller ε
 *       of the Bun–Steinke bound {@code ρ + 2·sqrt(ρ·ln(1/δ))} (Proposition 1.3) and the tighter
 *       bound of Canonne, Kamath and Steinke (2020, Corollary 13), minimised over the Rényi order
 *       α, every evaluated bound rounded up by more than its floating-point error;
 *   <li>a mechanism description converts to (ε, δ) through its exact privacy profile: {@link
 *       #toApproximate(double)} (Balle and Wang 2018 for the Gaussian). Derivations: {@code
 *       docs/proofs/accounting.md}.
 * </ul>
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>M. Bun, T. Steinke. Concentrated Differential Privacy: Simplifications, Extensions, and
 *       Lower Bounds. TCC 2016. arXiv:1605.02065.
 *   <li>C. Canonne, G. Kamath, T. Steinke. The Discrete Gaussian for Differential Privacy. NeurIPS
 *       2020. arXiv:2004.00010.
 *   <li>B. Balle, Y.-X. Wang. Improving the Gaussian Mechanism for Differential Privacy. ICML 2018.
 *   <li>B. Balle, G. Barthe, M. Gaboardi. Privacy Amplification by Subsampling: Tight Analyses via
 *       Couplings and Divergences. NeurIPS 2018.
 * </ul>
 */
public final class PrivacyLoss {

  /** Which definition of differential privacy the stated guarantee is in. */
  public enum Kind {
    /** Pure ε-differential privacy (δ = 0). */
    PURE,
    /** Approximate (ε, δ)-differential privacy with δ &gt; 0. */
    APPROXIMATE,
    /** ρ-zero-concentrated differential privacy. */
    ZCDP
  }

  /** Which mechanism a loss describes ({@link #GENERIC}: none, only a stated guarantee). */
  public enum Mechanism {
    /** A guarantee without a mechanism: {@link #pure}, {@link #approximate}, {@link #zcdp}. */
    GENERIC,
    /** {@link #laplace(double)}. */
    LAPLACE,
    /** {@link #gaussian(double)}. */
    GAUSSIAN,
    /** {@link #discreteLaplace(double, long)}. */
    DISCRETE_LAPLACE,
    /** {@link #discreteGaussian(double, long)}. */
    DISCRETE_GAUSSIAN,
    /** {@link #randomizedResponse(double, long)}. */
    RANDOMIZED_RESPONSE,
    /** {@link #subsampled(PrivacyLoss, double)}. */
    POISSON_SUBSAMPLED,
    /** {@link #subsampledWithoutReplacement(PrivacyLoss, long, long)}. */
    SAMPLED_WITHOUT_REPLACEMENT,
    /** {@link #composition(List)}. */
    COMPOSITION
  }

  /** No privacy loss at all: what an accountant has spent before its first charge. */
  public static final PrivacyLoss NONE = new PrivacyLoss(Kind.PURE, 0, 0, 0);

  /** Relative slack when checking that a curve implies a stated guarantee. */
  private static final double IMPLIES_TOLERANCE = 1e-9;

  private final Kind kind;
  private final double epsilon;
  private final double delta;
  private final double rho;

  // The description (GENERIC: none).
  private final Mechanism mechanism;
  private final double param; // x, t, σ, p or q
  private final long count1; // Δ, k or m
  private final long count2; // n
  private final PrivacyLoss inner;
  private final List<PrivacyLoss> parts;

  private PrivacyLoss(Kind kind, double epsilon, double delta, double rho) {
    this(kind, epsilon, delta, rho, Mechanism.GENERIC, 0, 0, 0, null, List.of());
  }

  private PrivacyLoss(
      Kind kind,
      double epsilon,
      double delta,
      double rho,
      Mechanism mechanism,
      double param,
      long count1,
      long count2,
      PrivacyLoss inner,
      List<PrivacyLoss> parts) {
    this.kind = kind;
    this.epsilon = epsilon;
    this.delta = delta;
    this.rho = rho;
    this.mechanism = mechanism;
    this.param = param;
    this.count1 = count1;
    this.count2 = count2;
    this.inner = inner;
    this.parts = parts;
  }

  private PrivacyLoss describing(
      Mechanism mechanism,
      double param,
      long count1,
      long count2,
      PrivacyLoss inner,
      List<PrivacyLoss> parts) {
    return new PrivacyLoss(
        kind, epsilon, delta, rho, mechanism, param, count1, count2, inner, parts);
  }

  /** The same description stating another (already validated) guarantee. */
  private PrivacyLoss stating(PrivacyLoss guarantee) {
    return new PrivacyLoss(
        guarantee.kind,
        guarantee.epsilon,
        guarantee.delta,
        guarantee.rho,
        mechanism,
        param,
        count1,
        count2,
        inner,
        parts);
  }

  /**
   * Pure ε-differential privacy.
   *
   * @param epsilon ε, finite and &gt; 0
   * @return the loss
   * @throws IllegalArgumentException if ε is NaN, infinite, zero or negative
   */
  public static PrivacyLoss pure(double epsilon) {
    return new PrivacyLoss(Kind.PURE, Checks.positiveFinite("epsilon", epsilon), 0, 0);
  }

  /**
   * Approximate (ε, δ)-differential privacy. With δ = 0 this equals {@link #pure(double)}.
   *
   * @param epsilon ε, finite and &gt; 0
   * @param delta δ, in [0, 1)
   * @return the loss
   * @throws IllegalArgumentException if ε or δ is out of range
   */
  public static PrivacyLoss approximate(double epsilon, double delta) {
    Checks.positiveFinite("epsilon", epsilon);
    Checks.delta("delta", delta);
    return new PrivacyLoss(delta == 0 ? Kind.PURE : Kind.APPROXIMATE, epsilon, delta, 0);
  }

  /**
   * ρ-zero-concentrated differential privacy (Bun and Steinke 2016).
   *
   * @param rho ρ, finite and &gt; 0
   * @return the loss
   * @throws IllegalArgumentException if ρ is NaN, infinite, zero or negative
   */
  public static PrivacyLoss zcdp(double rho) {
    return new PrivacyLoss(Kind.ZCDP, 0, 0, Checks.positiveFinite("rho", rho));
  }

  /**
   * The Gaussian mechanism with noise multiplier x = σ/Δ (Δ the L2 sensitivity): its privacy loss
   * is N(1/(2x²), 1/x²)-distributed, the exact curve every accountant mode can use. States
   * (1/(2x²))-zCDP.
   *
   * @param noiseMultiplier σ/Δ, finite and &gt; 0
   * @return the description
   * @throws IllegalArgumentException if the noise multiplier is NaN, infinite, zero or negative
   */
  public static PrivacyLoss gaussian(double noiseMultiplier) {
    double x = Checks.positiveFinite("noiseMultiplier", noiseMultiplier);
    double r = halfInverseSquareUp(x, 1);
    if (!(r > 0) || !Double.isFinite(r)) {
      throw new IllegalArgumentException(
          "noiseMultiplier must give a finite rho = 1/(2 x^2) > 0, got " + x);
    }
    return zcdp(r).describing(Mechanism.GAUSSIAN, x, 0, 0, null, List.of());
  }

  /** a/b rounded up: the correctly rounded quotient, one ulp up only if it fell below. */
  private static double quotientUp(double a, double b) {
    double r = a / b;
    return Double.isFinite(r) && Math.fma(r, b, -a) < 0 ? Math.nextUp(r) : r;
  }

  /** d²/(2s²) rounded up (exact when it is representable, as for 1/(2·2²)). */
  private static double halfInverseSquareUp(double s, double d) {
    double ss = s * s;
    if (Math.fma(s, s, -ss) < 0) {
      ss = Math.nextDown(ss); // ss was above s²: use a denominator below it
    }
    double dd = d * d;
    if (Math.fma(d, d, -dd) > 0) {
      dd = Math.nextUp(dd);
    }
    return quotientUp(dd, 2 * ss);
  }

  /**
   * The Laplace mechanism with x = b/Δ (scale over L1 sensitivity). States pure ε = 1/x.
   *
   * @param scaleOverSensitivity b/Δ, finite and &gt; 0
   * @return the description
   * @throws IllegalArgumentException if b/Δ is NaN, infinite, zero or negative, or so small that
   *     1/x overflows
   */
  public static PrivacyLoss laplace(double scaleOverSensitivity) {
    double x = Checks.positiveFinite("scaleOverSensitivity", scaleOverSensitivity);
    return pure(positiveEpsilon("scaleOverSensitivity", x, quotientUp(1, x)))
        .describing(Mechanism.LAPLACE, x, 0, 0, null, List.of());
  }

  /**
   * The discrete Laplace (two-sided geometric) mechanism: integer noise with P(Z = z) ∝ e^{−|z|/t},
   * for values that change by at most the integer Δ. States pure ε = Δ/t.
   *
   * @param scale t, finite and &gt; 0
   * @param sensitivity Δ, in [1, 2^53]
   * @return the description
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static PrivacyLoss discreteLaplace(double scale, long sensitivity) {
    double t = Checks.positiveFinite("scale", scale);
    Checks.inRange("sensitivity", sensitivity, 1, 1L << 53);
    return pure(positiveEpsilon("scale", t, quotientUp(sensitivity, t)))
        .describing(Mechanism.DISCRETE_LAPLACE, t, sensitivity, 0, null, List.of());
  }

  /**
   * The discrete Gaussian mechanism: integer noise with P(Z = z) ∝ e^{−z²/(2σ²)}, for values that
   * change by at most the integer Δ (Canonne, Kamath and Steinke 2020). States (Δ²/(2σ²))-zCDP
   * (their Theorem 4).
   *
   * @param sigma σ, finite and &gt; 0
   * @param sensitivity Δ, in [1, 2^53]
   * @return the description
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static PrivacyLoss discreteGaussian(double sigma, long sensitivity) {
    double s = Checks.positiveFinite("sigma", sigma);
    Checks.inRange("sensitivity", sensitivity, 1, 1L << 53);
    double r = halfInverseSquareUp(s, sensitivity);
    if (!(r > 0) || !Double.isFinite(r)) {
      throw new IllegalArgumentException(
          "sigma must give a finite, positive rho = sensitivity^2/(2 sigma^2), got sigma " + s);
    }
    return zcdp(r).describing(Mechanism.DISCRETE_GAUSSIAN, s, sensitivity, 0, null, List.of());
  }

  /**
   * Binary randomized response: the true bit with probability p. States pure ε = ln(p/(1−p)).
   *
   * @param p the probability of reporting the truth, in (1/2, 1)
   * @return the description
   * @throws IllegalArgumentException if p is out of range
   */
  public static PrivacyLoss randomizedResponse(double p) {
    return randomizedResponse(p, 2);
  }

  /**
   * k-ary randomized response: the true value with probability p, otherwise each of the k − 1 other
   * values with probability (1 − p)/(k − 1). States pure ε = ln(p(k−1)/(1−p)).
   *
   * @param p the probability of reporting the truth, in (1/k, 1)
   * @param categories k, in [2, 2^31)
   * @return the description
   * @throws IllegalArgumentException if p or k is out of range
   */
  public static PrivacyLoss randomizedResponse(double p, long categories) {
    Checks.inRange("categories", categories, 2, Integer.MAX_VALUE);
    if (!(p > 1.0 / categories && p < 1)) {
      throw new IllegalArgumentException(
          "p must be in (1/k, 1) = ("
              + (1.0 / categories)
              + ", 1) for k = "
              + categories
              + " categories, got "
              + p);
    }
    double eps = Math.nextUp(Math.log(p) + Math.log(categories - 1) - Math.log1p(-p));
    return pure(positiveEpsilon("p", p, eps))
        .describing(Mechanism.RANDOMIZED_RESPONSE, p, categories, 0, null, List.of());
  }

  /**
   * A mechanism run on a Poisson sample of the data: every record (privacy unit) is kept
   * independently with probability q, w.r.t. adding or removing one unit. The accountants amplify
   * the inner curve (Balle, Barthe and Gaboardi 2018; Mironov, Talwar and Zhang 2019; Zhu and Wang
   * 2019; Zhu, Dong and Wang 2022). States the inner guarantee amplified: ε′ = ln(1 + q(e^ε − 1)),
   * δ′ = qδ; a zCDP inner keeps its ρ (subsampling cannot hurt, by the joint quasi-convexity of
   * Rényi divergences; zCDP has no amplification theorem of the same simplicity).
   *
   * <p>With q = 1 the loss itself is returned. A subsampled Poisson sample is a Poisson sample of
   * rate q·q′, so nested Poisson sampling is flattened.
   *
   * @param loss the loss of the mechanism on the sample (not {@link #NONE}, not a composition, not
   *     sampled without replacement)
   * @param samplingRate q, in (0, 1]
   * @return the description
   * @throws IllegalArgumentException if q is out of range or the loss cannot be subsampled
   */
  public static PrivacyLoss subsampled(PrivacyLoss loss, double samplingRate) {
    checkSubsamplable("loss", loss);
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("samplingRate must be in (0, 1], got " + samplingRate);
    }
    if (loss.mechanism == Mechanism.SAMPLED_WITHOUT_REPLACEMENT) {
      throw new IllegalArgumentException(
          "loss must not be sampled without replacement when subsampling by Poisson sampling"
              + " (the two neighbouring relations differ), got "
              + loss);
    }
    if (samplingRate == 1) {
      return loss;
    }
    if (loss.mechanism == Mechanism.POISSON_SUBSAMPLED) {
      return subsampled(loss.inner, samplingRate * loss.param);
    }
    return amplified(loss, samplingRate)
        .describing(Mechanism.POISSON_SUBSAMPLED, samplingRate, 0, 0, loss, List.of());
  }

  /**
   * A mechanism run on m records drawn uniformly without replacement from n, w.r.t. substituting
   * one record (the inner loss must hold for substitution too). Amplified with γ = m/n (Balle,
   * Barthe and Gaboardi 2018, Theorem 9; Wang, Balle and Kasiviswanathan 2019 for Rényi DP). With m
   * = n the loss itself is returned.
   *
   * @param loss the loss of the mechanism on the sample (not {@link #NONE}, not a composition, not
   *     Poisson-subsampled)
   * @param sampleSize m, in [1, n]
   * @param populationSize n, ≥ 1
   * @return the description
   * @throws IllegalArgumentException if m or n is out of range or the loss cannot be subsampled
   */
  public static PrivacyLoss subsampledWithoutReplacement(
      PrivacyLoss loss, long sampleSize, long populationSize) {
    checkSubsamplable("loss", loss);
    Checks.positive("populationSize", populationSize);
    Checks.inRange("sampleSize", sampleSize, 1, populationSize);
    if (loss.mechanism == Mechanism.POISSON_SUBSAMPLED) {
      throw new IllegalArgumentException(
          "loss must not be Poisson-subsampled when sampling without replacement (the two"
              + " neighbouring relations differ), got "
              + loss);
    }
    if (sampleSize == populationSize) {
      return loss;
    }
    if (loss.mechanism == Mechanism.SAMPLED_WITHOUT_REPLACEMENT) {
      if (loss.count2 != sampleSize) {
        throw new IllegalArgumentException(
            "loss samples from a population of "
                + loss.count2
                + ", which must be this sample's size "
                + sampleSize);
      }
      return subsampledWithoutReplacement(loss.inner, loss.count1, populationSize);
    }
    double gamma = (double) sampleSize / populationSize;
    return amplified(loss, gamma)
        .describing(
            Mechanism.SAMPLED_WITHOUT_REPLACEMENT,
            gamma,
            sampleSize,
            populationSize,
            loss,
            List.of());
  }

  /**
   * Several mechanisms run on the same data, as one charge (for example the count and the sum of
   * one aggregation). Nested compositions are flattened; one part is returned as is. States the
   * basic composition of the parts' stated guarantees: (Σε, Σδ) if each states (ε, δ), Σρ if each
   * states ρ or pure ε (as ε²/2).
   *
   * @param parts the parts, non-empty, none null or {@link #NONE}
   * @return the description
   * @throws IllegalArgumentException if the list is empty, holds null or {@link #NONE}, or mixes
   *     (ε, δ) guarantees with δ &gt; 0 and zCDP ones (no common stated form; compose them in an
   *     accountant instead)
   */
  public static PrivacyLoss composition(List<PrivacyLoss> parts) {
    Checks.nonEmpty("parts", parts);
    List<PrivacyLoss> flat = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      PrivacyLoss p = parts.get(i);
      Checks.notNull("parts[" + i + "]", p);
      if (p.equals(NONE)) {
        throw new IllegalArgumentException("parts[" + i + "] must be a positive loss, got NONE");
      }
      if (p.mechanism == Mechanism.COMPOSITION) {
        flat.addAll(p.parts);
      } else {
        flat.add(p);
      }
    }
    if (flat.size() == 1) {
      return flat.get(0);
    }
    boolean anyZcdp = false;
    boolean anyApproximate = false;
    double eps = 0;
    double del = 0;
    double r = 0;
    for (PrivacyLoss p : flat) {
      anyZcdp |= p.kind == Kind.ZCDP;
      anyApproximate |= p.kind == Kind.APPROXIMATE;
      if (p.kind == Kind.ZCDP) {
        r = Math.nextUp(r + p.rho);
      } else {
        eps = Math.nextUp(eps + p.epsilon);
        del = p.delta == 0 ? del : Math.nextUp(del + p.delta);
        if (p.kind == Kind.PURE) {
          r = Math.nextUp(r + p.rho());
        }
      }
    }
    if (anyZcdp && anyApproximate) {
      throw new IllegalArgumentException(
          "parts must all state (epsilon, delta) guarantees or all zCDP/pure ones, got " + flat);
    }
    PrivacyLoss stated;
    if (anyZcdp) {
      stated = zcdp(r);
    } else {
      Checks.state(del < 1, "parts' deltas add up to " + del + ", not below 1");
      stated = approximate(eps, del);
    }
    return stated.describing(
        Mechanism.COMPOSITION, 0, 0, 0, null, Collections.unmodifiableList(flat));
  }

  /**
   * This mechanism description, stating the guarantee it was calibrated for instead of its natural
   * one — e.g. {@code PrivacyLoss.gaussian(4.5).calibratedTo(PrivacyLoss.approximate(1, 1e-6))}.
   * Basic and advanced composition then charge the stated guarantee, as for a generic loss; the
   * curve-based modes still compose the curve.
   *
   * <p>The curve must imply the guarantee, which is checked: a stated pure ε needs a pure curve
   * with ε at most it; a stated ρ a curve with ρ at most it; a stated (ε, δ) a curve whose exact
   * privacy profile at ε is at most δ (relative tolerance {@code 1e-9} on ε and ρ, {@code 1e-6} on
   * δ: floating-point slack, not a privacy slack — the mechanism's calibration is the proof). A
   * composition may state any guarantee its parts' stated guarantees imply by basic composition.
   *
   * @param guarantee a generic, positive guarantee
   * @return the same description stating {@code guarantee}
   * @throws IllegalArgumentException if this is a generic loss, the guarantee is null, {@link
   *     #NONE} or a description, or the curve does not imply it
   */
  public PrivacyLoss calibratedTo(PrivacyLoss guarantee) {
    Checks.notNull("guarantee", guarantee);
    if (mechanism == Mechanism.GENERIC) {
      throw new IllegalArgumentException(
          "calibratedTo needs a mechanism description, got the generic loss " + this);
    }
    if (guarantee.mechanism != Mechanism.GENERIC || guarantee.equals(NONE)) {
      throw new IllegalArgumentException(
          "guarantee must be a generic positive loss (pure, approximate or zcdp), got "
              + guarantee);
    }
    boolean implied =
        mechanism == Mechanism.COMPOSITION
            ? stated().isImpliedBasically(guarantee)
            : Curves.implies(curve(), guarantee, IMPLIES_TOLERANCE);
    if (!implied) {
      throw new IllegalArgumentException(
          "guarantee must be implied by the mechanism " + curve() + ", got " + guarantee);
    }
    return stating(guarantee);
  }

  /** Whether this generic guarantee implies {@code g} (same definitions, tolerance 1e-9). */
  private boolean isImpliedBasically(PrivacyLoss g) {
    double tol = 1 + IMPLIES_TOLERANCE;
    switch (g.kind) {
      case ZCDP:
        return kind != Kind.APPROXIMATE && rho() <= g.rho * tol;
      case PURE:
        return kind == Kind.PURE && epsilon <= g.epsilon * tol;
      default:
        return kind != Kind.ZCDP && epsilon <= g.epsilon * tol && delta <= g.delta * tol;
    }
  }

  private static double positiveEpsilon(String name, double value, double eps) {
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException(
          name + " must give a finite epsilon > 0, got " + name + " = " + value);
    }
    return eps;
  }

  private static void checkSubsamplable(String name, PrivacyLoss loss) {
    Checks.notNull(name, loss);
    if (loss.equals(NONE)) {
      throw new IllegalArgumentException(name + " must be a positive loss, got NONE");
    }
    if (loss.mechanism == Mechanism.COMPOSITION) {
      throw new IllegalArgumentException(
          name + " must be one mechanism, not a composition (subsample each part), got " + loss);
    }
  }

  /** The stated guarantee of {@code loss} amplified by sampling rate q (Balle et al. 2018). */
  private static PrivacyLoss amplified(PrivacyLoss loss, double q) {
    if (loss.kind == Kind.ZCDP) {
      return zcdp(loss.rho);
    }
    double eps = Math.nextUp(Curves.amplifiedEpsilon(loss.epsilon, q));
    double del = loss.delta == 0 ? 0 : Math.nextUp(q * loss.delta);
    return approximate(Math.max(eps, Double.MIN_NORMAL), del);
  }

  /**
   * The definition the stated guarantee is in.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Which mechanism this loss describes.
   *
   * @return the mechanism, {@link Mechanism#GENERIC} for a plain guarantee
   */
  public Mechanism mechanism() {
    return mechanism;
  }

  /**
   * The parameters of the description, by name, in a stable order: {@code noiseMultiplier}
   * (Gaussian), {@code scaleOverSensitivity} (Laplace), {@code scale} and {@code sensitivity}
   * (discrete Laplace), {@code sigma} and {@code sensitivity} (discrete Gaussian), {@code p} and
   * {@code categories} (randomized response), {@code samplingRate} (Poisson), {@code sampleSize}
   * and {@code populationSize} (without replacement); empty for generic losses and compositions.
   *
   * @return an unmodifiable map
   */
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    switch (mechanism) {
      case GAUSSIAN:
        m.put("noiseMultiplier", param);
        break;
      case LAPLACE:
        m.put("scaleOverSensitivity", param);
        break;
      case DISCRETE_LAPLACE:
        m.put("scale", param);
        m.put("sensitivity", count1);
        break;
      case DISCRETE_GAUSSIAN:
        m.put("sigma", param);
        m.put("sensitivity", count1);
        break;
      case RANDOMIZED_RESPONSE:
        m.put("p", param);
        m.put("categories", count1);
        break;
      case POISSON_SUBSAMPLED:
        m.put("samplingRate", param);
        break;
      case SAMPLED_WITHOUT_REPLACEMENT:
        m.put("sampleSize", count1);
        m.put("populationSize", count2);
        break;
      default:
        break;
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * The mechanism a subsampled description runs on the sample.
   *
   * @return the inner loss
   * @throws IllegalStateException unless this is {@link Mechanism#POISSON_SUBSAMPLED} or {@link
   *     Mechanism#SAMPLED_WITHOUT_REPLACEMENT}
   */
  public PrivacyLoss inner() {
    Checks.state(inner != null, "only a subsampled description has an inner loss, not " + this);
    return inner;
  }

  /**
   * The parts of a composition.
   *
   * @return an unmodifiable list (empty unless this is {@link Mechanism#COMPOSITION})
   */
  public List<PrivacyLoss> parts() {
    return parts;
  }

  /**
   * The sampling rate of a subsampled description: q, or m/n without replacement.
   *
   * @return the rate, in (0, 1)
   * @throws IllegalStateException unless this is a subsampled description
   */
  public double samplingRate() {
    Checks.state(inner != null, "only a subsampled description has a sampling rate, not " + this);
    return param;
  }

  /**
   * The bare description: this mechanism stating its natural guarantee (see the class table), as
   * built by its factory; this loss itself for a generic one. Two charges of the same mechanism
   * calibrated differently have the same curve.
   *
   * @return the curve
   */
  public PrivacyLoss curve() {
    switch (mechanism) {
      case GENERIC:
        return this;
      case GAUSSIAN:
        return gaussian(param);
      case LAPLACE:
        return laplace(param);
      case DISCRETE_LAPLACE:
        return discreteLaplace(param, count1);
      case DISCRETE_GAUSSIAN:
        return discreteGaussian(param, count1);
      case RANDOMIZED_RESPONSE:
        return randomizedResponse(param, count1);
      case POISSON_SUBSAMPLED:
        return subsampled(inner.curve(), param);
      case SAMPLED_WITHOUT_REPLACEMENT:
        return subsampledWithoutReplacement(inner.curve(), count1, count2);
      default:
        List<PrivacyLoss> curves = new ArrayList<>();
        for (PrivacyLoss p : parts) {
          curves.add(p.curve());
        }
        return composition(curves);
    }
  }

  /**
   * The stated guarantee alone, as a generic loss.
   *
   * @return this loss without its description
   */
  public PrivacyLoss stated() {
    return mechanism == Mechanism.GENERIC ? this : new PrivacyLoss(kind, epsilon, delta, rho);
  }

  /**
   * ε of a pure or approximate stated guarantee.
   *
   * @return ε (0 for {@link #NONE})
   * @throws IllegalStateException for a zCDP guarantee, which has an ε only for a chosen δ: use
   *     {@link #toApproximate(double)}
   */
  public double epsilon() {
    Checks.state(
        kind != Kind.ZCDP, "a zCDP loss has no single epsilon; call toApproximate(delta) first");
    return epsilon;
  }

  /**
   * δ of a pure or approximate stated guarantee (0 for pure).
   *
   * @return δ
   * @throws IllegalStateException for a zCDP guarantee: use {@link #toApproximate(double)}
   */
  public double delta() {
    Checks.state(
        kind != Kind.ZCDP, "a zCDP loss has no single delta; call toApproximate(delta) first");
    return delta;
  }

  /**
   * ρ of the stated guarantee as zCDP: ρ itself for a zCDP guarantee, ε²/2 for a pure one.
   *
   * @return ρ
   * @throws IllegalStateException for an approximate guarantee with δ &gt; 0, which implies no zCDP
   *     guarantee
   */
  public double rho() {
    switch (kind) {
      case ZCDP:
        return rho;
      case PURE:
        // Rounded up so that the zCDP form never under-states the loss.
        return epsilon == 0 ? 0 : Math.nextUp(epsilon * epsilon / 2);
      default:
        throw new IllegalStateException(
            "an (epsilon, delta) loss with delta > 0 implies no zCDP guarantee");
    }
  }

  /**
   * Whether the stated guarantee is pure ε-DP (δ = 0, not zCDP).
   *
   * @return true for pure losses
   */
  public boolean isPure() {
    return kind == Kind.PURE;
  }

  /**
   * The stated guarantee as zCDP (Bun and Steinke 2016, Proposition 1.4 for pure ε), as a generic
   * loss.
   *
   * @return a zCDP loss
   * @throws IllegalStateException for an approximate guarantee with δ &gt; 0, or {@link #NONE}
   */
  public PrivacyLoss toZcdp() {
    if (kind == Kind.ZCDP) {
      return stated();
    }
    Checks.state(this != NONE && epsilon > 0, "no privacy loss has no zCDP form");
    return zcdp(rho());
  }

  /**
   * This loss as (ε, δ)-DP, a generic loss. A generic pure or approximate loss is returned
   * unchanged (δ is then ignored, since the loss already holds with its own δ); a generic zCDP loss
   * is converted at the given δ with the tighter of the Bun–Steinke and Canonne–Kamath–Steinke
   * bounds, rounded up. A mechanism description is converted through its privacy profile: the
   * smallest ε whose δ(ε) is at most the given δ (exact for the Gaussian, Balle and Wang 2018,
   * Theorem 8; for the Laplace δ(ε) = 1 − e^{(ε−1/x)/2}; for subsampled mechanisms the amplified
   * profile), never below the true value.
   *
   * @param delta δ for the conversion, in (0, 1)
   * @return an (ε, δ) loss (pure if the curve is pure and its ε is reached at this δ)
   * @throws IllegalArgumentException if δ is not in (0, 1)
   */
  public PrivacyLoss toApproximate(double delta) {
    Checks.openUnit("delta", delta);
    if (mechanism != Mechanism.GENERIC) {
      return Curves.toApproximate(curve(), delta);
    }
    if (kind != Kind.ZCDP) {
      return this;
    }
    return approximate(zcdpToEpsilon(rho, delta), delta);
  }

  /**
   * The ε for which ρ-zCDP implies (ε, δ)-DP: the smaller of the Bun–Steinke bound {@code ρ +
   * 2·sqrt(ρ·ln(1/δ))} (Bun and Steinke 2016, Proposition 1.3) and the Canonne–Kamath–Steinke bound
   * (2020, Corollary 13)
   *
   * <pre>{@code
   * ε(α) = αρ + (ln(1/δ) + (α−1)·ln(1−1/α) − ln α) / (α−1),   any α > 1,
   * }</pre>
   *
   * minimised numerically over α (a log-spaced grid around the Bun–Steinke optimum {@code α ≈ 1 +
   * sqrt(ln(1/δ)/ρ)}, then a golden-section refinement). Every α gives a valid bound, so an
   * imperfect minimisation can only over-report ε; each evaluated bound is moreover rounded up by
   * {@code 1e-13} times the magnitude of its terms, which exceeds the floating-point rounding error
   * of its evaluation, so the result is never below the exact value of the bound it came from.
   *
   * <p>The result is non-decreasing in ρ and non-increasing in δ up to the accuracy of the
   * minimisation (relative error below {@code 1e-9}), and at most the Bun–Steinke bound times
   * {@code 1 + 1e-13}.
   *
   * @param rho ρ, finite and &gt; 0
   * @param delta δ, in (0, 1)
   * @return ε &gt; 0, never smaller than the exact value of a valid bound
   * @throws IllegalArgumentException if ρ or δ is out of range
   */
  public static double zcdpToEpsilon(double rho, double delta) {
    Checks.positiveFinite("rho", rho);
    Checks.openUnit("delta", delta);
    return ZcdpConversion.epsilon(rho, delta);
  }

  /**
   * The Bun–Steinke bound alone: ρ-zCDP implies (ρ + 2·sqrt(ρ·ln(1/δ)), δ)-DP (Bun and Steinke
   * 2016, Proposition 1.3), rounded up by a relative {@code 1e-13}. Cheap (one square root), and
   * never smaller than {@link #zcdpToEpsilon(double, double)}, so a budget check that passes with
   * it passes with the tighter conversion too.
   *
   * @param rho ρ, finite and &gt; 0
   * @param delta δ, in (0, 1)
   * @return ε, at least the exact Bun–Steinke bound
   * @throws IllegalArgumentException if ρ or δ is out of range
   */
  public static double zcdpToEpsilonBunSteinke(double rho, double delta) {
    Checks.positiveFinite("rho", rho);
    Checks.openUnit("delta", delta);
    return ZcdpConversion.bunSteinke(rho, delta);
  }

  /**
   * Whether every component of the stated guarantee is at most the other's (for guarantees of the
   * same kind).
   *
   * @param other the other loss
   * @return true if this loss is no larger than {@code other}
   */
  public boolean isAtMost(PrivacyLoss other) {
    Checks.notNull("other", other);
    if (kind == Kind.ZCDP || other.kind == Kind.ZCDP) {
      return kind == other.kind && rho <= other.rho;
    }
    return epsilon <= other.epsilon && delta <= other.delta;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PrivacyLoss)) {
      return false;
    }
    PrivacyLoss that = (PrivacyLoss) o;
    return kind == that.kind
        && Double.compare(epsilon, that.epsilon) == 0
        && Double.compare(delta, that.delta) == 0
        && Double.compare(rho, that.rho) == 0
        && mechanism == that.mechanism
        && Double.compare(param, that.param) == 0
        && count1 == that.count1
        && count2 == that.count2
        && Objects.equals(inner, that.inner)
        && parts.equals(that.parts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, epsilon, delta, rho, mechanism, param, count1, count2, inner, parts);
  }

  /**
   * Compact form: {@code (ε=1.0)-DP}, {@code (ε=1.0, δ=1.0E-6)-DP} or {@code (ρ=0.5)-zCDP} for a
   * generic loss; a description shows the mechanism and its stated guarantee, e.g. {@code
   * Gaussian(σ/Δ=2.0) ⇒ (ρ=0.125)-zCDP}.
   *
   * @return the compact form
   */
  @Override
  public String toString() {
    String statedForm;
    switch (kind) {
      case ZCDP:
        statedForm = "(ρ=" + rho + ")-zCDP";
        break;
      case PURE:
        statedForm = "(ε=" + epsilon + ")-DP";
        break;
      default:
        statedForm = "(ε=" + epsilon + ", δ=" + delta + ")-DP";
    }
    return mechanism == Mechanism.GENERIC ? statedForm : describe() + " ⇒ " + statedForm;
  }

  private String describe() {
    switch (mechanism) {
      case GAUSSIAN:
        return "Gaussian(σ/Δ=" + param + ")";
      case LAPLACE:
        return "Laplace(b/Δ=" + param + ")";
      case DISCRETE_LAPLACE:
        return "DiscreteLaplace(t=" + param + ", Δ=" + count1 + ")";
      case DISCRETE_GAUSSIAN:
        return "DiscreteGaussian(σ=" + param + ", Δ=" + count1 + ")";
      case RANDOMIZED_RESPONSE:
        return "RandomizedResponse(p=" + param + ", k=" + count1 + ")";
      case POISSON_SUBSAMPLED:
        return "PoissonSubsampled(q=" + param + ", " + inner.describeOrStated() + ")";
      case SAMPLED_WITHOUT_REPLACEMENT:
        return "SampledWithoutReplacement(m="
            + count1
            + ", n="
            + count2
            + ", "
            + inner.describeOrStated()
            + ")";
      default:
        List<String> s = new ArrayList<>();
        for (PrivacyLoss p : parts) {
          s.add(p.describeOrStated());
        }
        return "Composition" + s;
    }
  }

  private String describeOrStated() {
    return mechanism == Mechanism.GENERIC ? toString() : describe();
  }
}

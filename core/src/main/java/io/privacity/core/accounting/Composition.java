package io.privacity.core.accounting;

import io.privacity.core.internal.Checks;
import java.util.Objects;

/**
 * How a {@link PrivacyAccountant} composes the losses charged to it into the loss it reports as
 * spent. Immutable value; thread-safe. Create one with a static factory:
 *
 * <ul>
 *   <li>{@link #basic()} — sequential composition, Σε and Σδ;
 *   <li>{@link #advanced(double)} — the smallest ε among basic composition and the advanced
 *       composition bounds of Dwork–Rothblum–Vadhan, Kairouz–Oh–Viswanath (heterogeneous) and the
 *       optimal homogeneous bound of Kairouz–Oh–Viswanath, with an extra slack δ′;
 *   <li>{@link #zcdp(double)} — zero-concentrated DP: ρ adds up and is converted to (ε, δ) with a
 *       reserved conversion δ;
 *   <li>{@link #zcdp()} — zero-concentrated DP against a budget stated in ρ;
 *   <li>{@link #rdp(double)} — Rényi DP: the charges' Rényi curves add up on a fixed grid of orders
 *       and are converted to (ε, δ) at the given δ;
 *   <li>{@link #pld(double)} — privacy loss distributions: the charges' privacy curves are
 *       discretized pessimistically and composed by FFT, near-exactly, and ε is read at the given
 *       δ.
 * </ul>
 *
 * <h2>Which form of a charge each mode composes</h2>
 *
 * <p>A charge is a {@link io.privacity.core.PrivacyLoss}: a generic guarantee, or a mechanism
 * description that states a guarantee (see there). Each mode uses:
 *
 * <table>
 *   <caption>The form of a charge each composition uses</caption>
 *   <tr><th>mode</th><th>generic pure / (ε, δ)</th><th>generic ρ</th><th>description</th></tr>
 *   <tr><td>basic, advanced</td><td>(ε, δ)</td><td>refused</td><td>its stated (ε, δ); if it
 *       states only ρ (e.g. a bare {@link io.privacity.core.PrivacyLoss#gaussian(double)}), its
 *       exact (ε, δ_i) at an equal share δ_i of the budget's δ left after the (ε, δ) charges (and
 *       δ′): for the Gaussian the analytic ε of Balle and Wang 2018, for subsampled mechanisms the
 *       amplified profile. The reported δ is then the budget's δ.</td></tr>
 *   <tr><td>zCDP</td><td>pure ε as ε²/2 or split (see {@link #zcdp(double)}); (ε, δ) on
 *       top</td><td>ρ</td><td>ρ of the curve: Δ²/(2σ²) for (discrete) Gaussians; pure ε for
 *       Laplace-type and randomized response; a subsampled mechanism counts with its amplified
 *       pure ε if the inner one is pure, else with the inner ρ unamplified (subsampling cannot
 *       hurt; zCDP has no subsampling theorem), else with its amplified stated (ε, δ) on
 *       top</td></tr>
 *   <tr><td>Rényi DP</td><td>pure ε: the curve of randomized response with ε (the worst pure
 *       ε-DP mechanism); (ε, δ): on top, (ε_RDP + Σε, δ + Σδ)</td><td>αρ</td><td>its exact Rényi
 *       curve; amplified by subsampling (Mironov–Talwar–Zhang, Zhu–Wang,
 *       Wang–Balle–Kasiviswanathan)</td></tr>
 *   <tr><td>PLD</td><td>the dominating pair of pure ε-DP (randomized response) or of (ε, δ)-DP
 *       (randomized response mixed with δ at ±∞), exact</td><td>the profile bound of Canonne,
 *       Kamath and Steinke 2020</td><td>its exact privacy loss distribution, or the profile
 *       (subsampled without replacement)</td></tr>
 * </table>
 *
 * <p>The curve-based modes also report the smaller of their own value and a simpler valid bound
 * where one is cheaper or tighter (pure charges added up; for PLD the Rényi bound), every candidate
 * at the same total δ.
 *
 * <p>Every composition applies to <i>adaptive</i> composition: each mechanism may be chosen after
 * seeing the outputs of the previous ones. <b>Warning:</b> the advanced bounds ({@link
 * #advanced(double)}) are theorems about a sequence of per-mechanism losses fixed in advance; if
 * the caller chooses the <i>losses</i> (ε, δ) themselves from earlier outputs, only basic
 * composition (Rogers, Roth, Ullman and Vadhan 2016, "privacy filters") and pure zCDP composition
 * (Feldman and Zrnic 2021; Whitehouse, Ramdas, Rogers and Wu 2023) are known to remain valid. A
 * homogeneous sequence (every charge the same loss) is always fixed in advance. See {@code
 * docs/proofs/accounting.md}.
 *
 * <p>Parallel composition over disjoint partitions is not a mode but an operation: {@link
 * PrivacyAccountant#chargeParallel(String, java.util.Map)}.
 */
public final class Composition {

  /** The family of composition theorems applied. */
  public enum Kind {
    /** Basic sequential composition. */
    BASIC,
    /** Advanced composition with a slack δ′, never worse than basic. */
    ADVANCED,
    /** Zero-concentrated DP composition. */
    ZCDP,
    /** Rényi DP composition on a fixed grid of orders. */
    RDP,
    /** Privacy loss distribution composition (FFT). */
    PLD
  }

  private static final Composition BASIC = new Composition(Kind.BASIC, 0);
  private static final Composition ZCDP_RHO_BUDGET = new Composition(Kind.ZCDP, 0);

  private final Kind kind;
  private final double delta;

  private Composition(Kind kind, double delta) {
    this.kind = kind;
    this.delta = delta;
  }

  /**
   * Basic sequential composition: k mechanisms, the i-th (ε<sub>i</sub>, δ<sub>i</sub>)-DP, compose
   * adaptively to (Σε<sub>i</sub>, Σδ<sub>i</sub>)-DP (Dwork, McSherry, Nissim and Smith 2006;
   * Dwork, Kenthapadi, McSherry, Mironov and Naor 2006 for δ; Dwork and Roth 2014, Theorem 3.16).
   * Also valid when each loss is chosen adaptively (Rogers, Roth, Ullman and Vadhan 2016). The
   * default of {@link PrivacyAccountant#withBudget}.
   *
   * @return basic composition
   */
  public static Composition basic() {
    return BASIC;
  }

  /**
   * Advanced composition with slack δ′. The accountant reports the smallest ε among these valid
   * bounds for the charges c<sub>1</sub>…c<sub>k</sub> (each (ε<sub>i</sub>, δ<sub>i</sub>)-DP):
   *
   * <ul>
   *   <li>basic: (Σε<sub>i</sub>, Σδ<sub>i</sub>) — so the result is never worse than basic;
   *   <li>Dwork, Rothblum and Vadhan 2010 (Theorem III.3), when every charge is the same (ε, δ):
   *       (ε·sqrt(2k·ln(1/δ′)) + kε(e<sup>ε</sup>−1), kδ + δ′);
   *   <li>Kairouz, Oh and Viswanath 2015 (Theorem 3.5, heterogeneous): (min{Σε<sub>i</sub>, S +
   *       sqrt(2Σε<sub>i</sub>²·ln(e + sqrt(Σε<sub>i</sub>²)/δ′)), S +
   *       sqrt(2Σε<sub>i</sub>²·ln(1/δ′))}, 1 − (1−δ′)Π(1−δ<sub>i</sub>)) with S =
   *       Σε<sub>i</sub>(e<sup>ε<sub>i</sub></sup>−1)/(e<sup> ε<sub>i</sub></sup>+1);
   *   <li>Kairouz, Oh and Viswanath 2015 (Theorem 3.3, optimal homogeneous composition), when every
   *       charge is the same (ε, δ) and k ≤ {@value #MAX_OPTIMAL_K}: the smallest ε̃ with
   *       Σ<sub>l</sub> C(k,l)·[e<sup>(k−l)ε</sup> − e<sup>ε̃+lε</sup>]<sub>+</sub> /
   *       (1+e<sup>ε</sup>)<sup>k</sup> ≤ δ′, with δ-total 1 − (1−δ)<sup>k</sup>(1−δ′); computed in
   *       log space and verified, so the ε̃ reported always satisfies the inequality.
   * </ul>
   *
   * When an advanced bound is used, the reported δ is Σδ<sub>i</sub> + δ′, which is at least each
   * theorem's δ-total (union bound); when basic composition is smallest, it is Σδ<sub>i</sub>. The
   * slack δ′ is part of the δ budget, which must therefore be at least δ′.
   *
   * <p><b>Warning:</b> these bounds assume the sequence of losses is fixed in advance (see the
   * class comment).
   *
   * @param slackDelta δ′, in (0, 1)
   * @return advanced composition with this slack
   * @throws IllegalArgumentException if δ′ is not in (0, 1)
   */
  public static Composition advanced(double slackDelta) {
    return new Composition(Kind.ADVANCED, Checks.openUnit("slackDelta", slackDelta));
  }

  /**
   * Zero-concentrated DP against an (ε, δ) budget. zCDP charges add up in ρ (Bun and Steinke 2016,
   * Lemma 2.3); pure ε charges count as ε²/2-zCDP (Proposition 1.4); the total ρ is converted to
   * (ε<sub>ρ</sub>, δ<sub>c</sub>)-DP with {@link io.privacity.core.PrivacyLoss#zcdpToEpsilon}
   * (Bun–Steinke 2016 Proposition 1.3 and Canonne–Kamath–Steinke 2020 Corollary 13). Approximate
   * charges with δ &gt; 0 have no zCDP form and compose basically on top: the reported loss is
   * (ε<sub>ρ</sub> + Σε<sub>i</sub>, δ<sub>c</sub> + Σδ<sub>i</sub>) over those charges. The
   * accountant also keeps the pure charges out of the conversion — the zCDP charges alone are
   * converted and every pure charge adds its ε (a pure ε-DP mechanism has Rényi divergence at most
   * ε at every order), which without zCDP charges is basic composition — and reports the smaller of
   * the two bounds, admitting a charge if either fits (as {@link #advanced(double)} does with basic
   * composition). So a few pure charges never cost more than under {@link #basic()}, and many small
   * or Gaussian charges pay off. The conversion δ<sub>c</sub> is part of the δ budget, which must
   * therefore be at least δ<sub>c</sub>.
   *
   * @param conversionDelta δ<sub>c</sub>, in (0, 1)
   * @return zCDP composition converting at this δ
   * @throws IllegalArgumentException if δ<sub>c</sub> is not in (0, 1)
   */
  public static Composition zcdp(double conversionDelta) {
    return new Composition(Kind.ZCDP, Checks.openUnit("conversionDelta", conversionDelta));
  }

  /**
   * Zero-concentrated DP against a budget stated in ρ ({@link
   * io.privacity.core.PrivacyLoss#zcdp(double)}): zCDP charges and pure charges (as ε²/2) add up in
   * ρ (Bun and Steinke 2016, Lemma 2.3 and Proposition 1.4); a ρ budget is also valid when each
   * loss is chosen adaptively (Feldman and Zrnic 2021; Whitehouse et al. 2023). Approximate charges
   * with δ &gt; 0 have no zCDP form and are rejected.
   *
   * @return zCDP composition for a ρ budget
   */
  public static Composition zcdp() {
    return ZCDP_RHO_BUDGET;
  }

  /**
   * Rényi differential privacy (Mironov 2017): every charge's Rényi divergence bound is added up on
   * a fixed, documented grid of 172 orders from 1.01 to 8192 (see {@code
   * docs/proofs/accounting.md}) and converted to (ε, δ) with the bound of Canonne, Kamath and
   * Steinke 2020 (Proposition 12), equivalently Balle et al. 2020 (Theorem 21): ε = min_α τ(α) +
   * ln((α−1)/α) − (ln δ + ln α)/(α−1). Curves: exact for the Gaussian (αΔ²/(2σ²)), the Laplace
   * (Mironov 2017, Proposition 6), randomized response and the discrete Laplace; αρ for zCDP losses
   * and the discrete Gaussian (CKS 2020); Poisson-subsampled Gaussian exact (Mironov, Talwar and
   * Zhang 2019), other subsampled mechanisms by Zhu and Wang 2019 (Poisson) and Wang, Balle and
   * Kasiviswanathan 2019 (without replacement). (ε, δ) charges with δ &gt; 0 have no Rényi curve
   * and compose basically on top. The reported loss is (ε, δ + Σδ_i). δ is part of the δ budget.
   *
   * <p><b>Warning:</b> like {@link #advanced(double)}, the order is chosen after the fact, which
   * assumes the sequence of losses is fixed in advance.
   *
   * @param delta the δ at which the composed curve is converted, in (0, 1)
   * @return Rényi DP composition
   * @throws IllegalArgumentException if δ is not in (0, 1)
   */
  public static Composition rdp(double delta) {
    return new Composition(Kind.RDP, Checks.openUnit("delta", delta));
  }

  /**
   * Privacy loss distributions (Meiser and Mohammadi 2018; Koskela, Jälkö and Honkela 2020): every
   * charge's privacy loss distribution is discretized pessimistically on a common grid ("connect
   * the dots", Doroshenko et al. 2022), both directions of the neighbouring relation (adding and
   * removing a unit; Zhu, Dong and Wang 2022) are composed by FFT — identical charges by repeated
   * squaring in the frequency domain — and ε is read at δ from the composed distribution, with
   * truncated tails and the mass of events no neighbour can produce counted in δ. The result is
   * never below the exact composition and typically within 0.1% of it. The reported loss is (ε, δ):
   * (ε, δ) charges are part of the distribution (their exact dominating pair). δ is part of the δ
   * budget.
   *
   * <p><b>Warning:</b> like {@link #advanced(double)}, the bound is computed for the final
   * sequence, which assumes the sequence of losses is fixed in advance.
   *
   * @param delta the δ at which ε is read, in (0, 1)
   * @return PLD composition
   * @throws IllegalArgumentException if δ is not in (0, 1)
   */
  public static Composition pld(double delta) {
    return new Composition(Kind.PLD, Checks.openUnit("delta", delta));
  }

  /** Largest k for which the optimal homogeneous bound (KOV Theorem 3.3) is computed. */
  public static final int MAX_OPTIMAL_K = 2000;

  /**
   * The family of composition theorems applied.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The δ this composition adds to the spent δ: the slack δ′ for {@link Kind#ADVANCED}, the
   * conversion δ for {@link Kind#ZCDP} against an (ε, δ) budget, the δ at which {@link Kind#RDP}
   * and {@link Kind#PLD} read ε, 0 otherwise.
   *
   * @return δ′, δ<sub>c</sub>, δ or 0
   */
  public double delta() {
    return delta;
  }

  /** Whether this is zCDP against a ρ budget. */
  boolean isRhoBudget() {
    return kind == Kind.ZCDP && delta == 0;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Composition)) {
      return false;
    }
    Composition that = (Composition) o;
    return kind == that.kind && Double.compare(delta, that.delta) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delta);
  }

  /**
   * Compact form such as {@code basic}, {@code advanced(δ′=1.0E-7)}, {@code zcdp(δc=1.0E-7)},
   * {@code zcdp(ρ budget)}, {@code rdp(δ=1.0E-6)} or {@code pld(δ=1.0E-6)}.
   *
   * @return the compact form
   */
  @Override
  public String toString() {
    switch (kind) {
      case BASIC:
        return "basic";
      case ADVANCED:
        return "advanced(δ′=" + delta + ")";
      case RDP:
        return "rdp(δ=" + delta + ")";
      case PLD:
        return "pld(δ=" + delta + ")";
      default:
        return delta == 0 ? "zcdp(ρ budget)" : "zcdp(δc=" + delta + ")";
    }
  }
}

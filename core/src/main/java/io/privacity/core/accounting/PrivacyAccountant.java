package io.privacity.core.accounting;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A fail-closed, thread-safe privacy budget. Each release is charged <i>before</i> any noise is
 * drawn; a charge that would take the spent loss past the budget throws {@link
 * PrivacyBudgetExceededException} and spends nothing.
 *
 * <pre>{@code
 * PrivacyAccountant accountant = PrivacyAccountant.withBudget(PrivacyLoss.approximate(1.0, 1e-6));
 * accountant.charge("trips per station, May", PrivacyLoss.pure(0.1)); // or throws, spending nothing
 *
 * PrivacyAccountant zcdp = PrivacyAccountant.builder()
 *     .budget(PrivacyLoss.approximate(1.0, 1e-6))
 *     .composition(Composition.zcdp(1e-7))
 *     .onCharge(c -> ledger.append(
 *         LedgerEventType.BUDGET_CHARGE, c.label(), Map.of("loss", c.loss().toString())))
 *     .build();
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>If every release made with data of the protected privacy units is charged here with a loss its
 * mechanism satisfies (with respect to the same neighbouring relation), then the whole sequence of
 * releases satisfies {@link #spent()}, which never exceeds the {@link #budget()} by more than the
 * relative tolerance {@value #RELATIVE_TOLERANCE} (a slack that lets, say, ten charges of 0.1 fit a
 * budget of 1.0 despite floating-point rounding). The spent loss follows the configured {@link
 * Composition}; it is the smallest ε among the valid bounds that composition offers (each bound is
 * a theorem; reporting any of them is valid). Running sums are rounded upward, and every bound is
 * rounded up by a margin above its floating-point error, so rounding never under-reports. Proofs:
 * {@code docs/proofs/accounting.md}.
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>Charge before releasing, and do not release when a charge throws.
 *   <li>Charge the loss of the mechanism actually run, for the same privacy unit as the budget.
 *   <li>With {@link Composition#advanced(double)}, fix the sequence of losses in advance (see
 *       {@link Composition}).
 * </ul>
 *
 * <h2>Fail-closed atomicity and thread-safety</h2>
 *
 * <p>All methods are thread-safe. A charge computes the totals that would result, checks them
 * against the budget, and only then publishes them and records the {@link Charge} — all under one
 * lock, so concurrent charges are serialized and never overshoot together. A refused charge leaves
 * the state unchanged, records nothing and does not call the listener. The {@code onCharge}
 * listener is called under the lock, after the charge is recorded and in the order of {@link
 * #charges()}; if it throws, the exception reaches the caller of {@code charge} and the charge
 * stays spent (spending more than released is the safe side).
 *
 * <h2>Cost</h2>
 *
 * <p>A charge is O(1) amortized: running sums, plus at most one closed-form bound. Only the optimal
 * homogeneous bound of {@link Composition#advanced(double)} costs O(k log k), computed once per
 * distinct homogeneous loss and once per {@link #spent()} of a changed state.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>C. Dwork, F. McSherry, K. Nissim, A. Smith. Calibrating Noise to Sensitivity in Private
 *       Data Analysis. TCC 2006.
 *   <li>C. Dwork, G. Rothblum, S. Vadhan. Boosting and Differential Privacy. FOCS 2010.
 *   <li>P. Kairouz, S. Oh, P. Viswanath. The Composition Theorem for Differential Privacy. ICML
 *       2015.
 *   <li>M. Bun, T. Steinke. Concentrated Differential Privacy. TCC 2016.
 *   <li>F. McSherry. Privacy Integrated Queries. SIGMOD 2009 (parallel composition).
 * </ul>
 */
public final class PrivacyAccountant {

  /**
   * Relative tolerance of the budget check: a spent loss fits if each component is at most the
   * budget's times {@code 1 + 1e-9}.
   */
  public static final double RELATIVE_TOLERANCE = 1e-9;

  private final PrivacyLoss budget;
  private final Composition composition;
  private final Clock clock;
  private final Consumer<Charge> onCharge;
  private final Object lock = new Object();

  // Guarded by lock.
  private final ChargeLog charges = new ChargeLog();
  private final Engine engine;
  private long reportedFor = -1;
  private PrivacyLoss reported;

  private PrivacyAccountant(
      PrivacyLoss budget, Composition composition, Clock clock, Consumer<Charge> onCharge) {
    this.budget = budget;
    this.composition = composition;
    this.clock = clock;
    this.onCharge = onCharge;
    this.engine = Engine.of(budget, composition);
  }

  /**
   * An accountant with the given total budget and {@link Composition#basic() basic composition},
   * the system UTC clock and no listener.
   *
   * @param budget a pure or approximate (ε, δ) budget with ε &gt; 0
   * @return a new accountant with nothing spent
   * @throws IllegalArgumentException if the budget is null, {@link PrivacyLoss#NONE} or zCDP
   */
  public static PrivacyAccountant withBudget(PrivacyLoss budget) {
    return builder().budget(budget).build();
  }

  /**
   * A builder for an accountant with options (composition, clock, listener).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Charges a loss to the budget, or refuses it and spends nothing.
   *
   * @param label what the charge is for (a query, a release), non-blank
   * @param loss the loss of the mechanism about to run; zCDP only with {@link Composition#zcdp}
   *     compositions, δ &gt; 0 not with {@link Composition#zcdp()}
   * @return the recorded charge
   * @throws IllegalArgumentException if the label is null or blank, the loss is null or {@link
   *     PrivacyLoss#NONE}, or its kind cannot be composed by this accountant's composition
   * @throws PrivacyBudgetExceededException if the charge would exceed the budget; nothing is spent
   */
  public Charge charge(String label, PrivacyLoss loss) {
    Checks.nonBlank("label", label);
    checkChargeable("loss", loss);
    synchronized (lock) {
      engine.check("loss", loss);
      engine.add(loss);
      boolean admitted;
      try {
        admitted = engine.admits();
      } catch (RuntimeException e) {
        engine.undo();
        throw e;
      }
      if (!admitted) {
        engine.undo();
        throw new PrivacyBudgetExceededException(label, loss, remaining());
      }
      Charge charge = new Charge(label, loss, clock.instant());
      charges.add(charge);
      onCharge.accept(charge);
      return charge;
    }
  }

  /**
   * Charges one release computed over disjoint partitions of the data (parallel composition,
   * McSherry 2009): the release is as private as its least private partition, so the charge is the
   * maximum over the partitions — (max ε, max δ) for (ε, δ) losses, max ρ for zCDP losses (pure
   * losses count as ε²/2-zCDP when mixed with zCDP ones). Recorded as one {@link Charge} with that
   * maximum.
   *
   * <p><b>Warning:</b> the partitions must be disjoint in privacy units: adding or removing one
   * privacy unit (with all its records) may change the input of at most one partition, and which
   * partition must not depend on other units' data (e.g. partition by a public attribute of the
   * unit). Otherwise the losses add up and must be charged one by one with {@link #charge}.
   *
   * @param label what the charge is for, non-blank
   * @param perPartition the loss of the mechanism on each partition, by partition name; non-empty,
   *     no null or blank names, no null losses
   * @return the recorded charge
   * @throws IllegalArgumentException for a bad label or map, or a mix of zCDP and (ε, δ) losses
   *     with δ &gt; 0, which have no common maximum
   * @throws PrivacyBudgetExceededException if the charge would exceed the budget; nothing is spent
   */
  public Charge chargeParallel(String label, Map<String, PrivacyLoss> perPartition) {
    Checks.nonBlank("label", label);
    return charge(label, maximum(perPartition));
  }

  /**
   * Whether a charge of this loss would be admitted now. Advisory only: another thread may charge
   * in between; {@link #charge} is the atomic check-and-spend.
   *
   * @param loss the loss
   * @return true if {@code charge(label, loss)} would currently succeed
   * @throws IllegalArgumentException as {@link #charge} for a bad loss
   */
  public boolean canCharge(PrivacyLoss loss) {
    checkChargeable("loss", loss);
    synchronized (lock) {
      engine.check("loss", loss);
      engine.add(loss);
      try {
        return engine.admits();
      } finally {
        engine.undo();
      }
    }
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
   * The composition applied.
   *
   * @return the composition
   */
  public Composition composition() {
    return composition;
  }

  /**
   * What has been spent so far: the loss the sequence of charged releases satisfies, by the
   * configured composition (the smallest-ε valid bound that fits the budget, if any does).
   *
   * @return the spent loss ({@link PrivacyLoss#NONE} before the first charge); zCDP for a ρ budget,
   *     (ε, δ) otherwise
   */
  public PrivacyLoss spent() {
    synchronized (lock) {
      if (reportedFor != engine.version()) {
        reported = engine.report();
        reportedFor = engine.version();
      }
      return reported;
    }
  }

  /**
   * The ε the charges so far compose to at another total δ than the composition's — the privacy
   * curve read at δ (for Rényi DP: the conversion at δ minus the δ of (ε, δ) charges composed on
   * top; for PLD: the smaller of the distribution's ε(δ) and that Rényi bound). A query, not a
   * charge: the budget is checked at the composition's δ only.
   *
   * @param delta the total δ, in (0, 1)
   * @return ε ≥ 0, +∞ if no finite ε holds at this δ
   * @throws IllegalArgumentException if δ is NaN or outside (0, 1)
   * @throws IllegalStateException unless the composition is {@link Composition#rdp} or {@link
   *     Composition#pld}
   */
  public double epsilonAt(double delta) {
    double d = Checks.openUnit("delta", delta);
    synchronized (lock) {
      return engine.epsilonAt(d);
    }
  }

  /**
   * The δ the charges so far compose to at ε, read from the composed privacy loss distribution
   * (tails and discretization counted pessimistically; never below the exact δ).
   *
   * @param epsilon ε, finite and ≥ 0
   * @return δ in [0, 1]
   * @throws IllegalArgumentException if ε is NaN, infinite or negative
   * @throws IllegalStateException unless the composition is {@link Composition#pld}
   */
  public double deltaAt(double epsilon) {
    if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
    }
    synchronized (lock) {
      return engine.deltaAt(epsilon);
    }
  }

  /**
   * What is left of the budget: the budget minus {@link #spent()}, component by component.
   *
   * <p><b>Warning:</b> except under basic composition, a charge of exactly the remaining loss need
   * not be admitted (nor one larger refused): composition is not additive. Use {@link #canCharge}.
   *
   * @return the remaining loss ({@link PrivacyLoss#NONE} when nothing is left)
   */
  public PrivacyLoss remaining() {
    PrivacyLoss spent = spent();
    if (composition.isRhoBudget()) {
      double rho = budget.rho() - (spent == PrivacyLoss.NONE ? 0 : spent.rho());
      return rho > 0 ? PrivacyLoss.zcdp(rho) : PrivacyLoss.NONE;
    }
    double eps = budget.epsilon() - spent.epsilon();
    double delta = Math.max(0, budget.delta() - spent.delta());
    return eps > 0 ? PrivacyLoss.approximate(eps, delta) : PrivacyLoss.NONE;
  }

  /**
   * Every charge so far, oldest first.
   *
   * @return an immutable copy
   */
  public List<Charge> charges() {
    synchronized (lock) {
      return charges.toList();
    }
  }

  /**
   * A JSON snapshot of this accountant: format name and version, budget, composition, every charge
   * (label, loss, time) and the spent loss (a consistency check on restore). The clock and the
   * listener are not part of the snapshot. Doubles are written in round-trip form.
   *
   * @return the snapshot, taken atomically
   */
  public String toJson() {
    synchronized (lock) {
      return AccountantJson.write(budget, composition, charges.toList(), spent());
    }
  }

  /**
   * Restores an accountant from a {@link #toJson()} snapshot, with the system UTC clock and no
   * listener (re-attach one with {@link #fromJson(String, Consumer)}). Every recorded charge is
   * replayed, even if the snapshot's budget does not cover it, so a restored accountant never
   * forgets spend (it then refuses every further charge). The snapshot's spent loss must not exceed
   * what its charges replay to: a snapshot with charges removed but its spent loss kept is
   * rejected. (Consistent tampering with every field cannot be detected here; keep snapshots in the
   * transparency ledger, which is hash-chained.)
   *
   * @param json the snapshot
   * @return the restored accountant
   * @throws IllegalArgumentException if the JSON is malformed, of another format or version, has
   *     missing, unknown or invalid fields (the message names the field, value and valid range), or
   *     is inconsistent
   */
  public static PrivacyAccountant fromJson(String json) {
    return fromJson(json, charge -> {});
  }

  /**
   * Restores an accountant from a {@link #toJson()} snapshot, as {@link #fromJson(String)}, and
   * re-attaches a listener: told of every charge admitted <i>after</i> the restore (for example the
   * {@link io.privacity.core.ledger.TransparencyLedger} the snapshot's charges were recorded in),
   * under the same rules as {@link Builder#onCharge}. The replayed charges are not told again —
   * they were recorded when first admitted.
   *
   * <pre>{@code
   * PrivacyAccountant budget = PrivacyAccountant.fromJson(saved, c -> ledger.append(
   *     LedgerEventType.BUDGET_CHARGE, c.label(), Map.of("loss", c.loss().toString())));
   * }</pre>
   *
   * @param json the snapshot
   * @param onCharge the listener, not null
   * @return the restored accountant
   * @throws IllegalArgumentException if onCharge is null, or as {@link #fromJson(String)}
   */
  public static PrivacyAccountant fromJson(String json, Consumer<Charge> onCharge) {
    Checks.notNull("onCharge", onCharge);
    AccountantJson.Snapshot snapshot = AccountantJson.read(json);
    PrivacyAccountant restored =
        builder()
            .budget(snapshot.budget())
            .composition(snapshot.composition())
            .onCharge(onCharge)
            .build();
    synchronized (restored.lock) {
      for (int i = 0; i < snapshot.charges().size(); i++) {
        Charge charge = snapshot.charges().get(i);
        try {
          restored.checkChargeable("loss", charge.loss());
          restored.engine.check("loss", charge.loss());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("charges[" + i + "].loss: " + e.getMessage(), e);
        }
        restored.engine.add(charge.loss());
        restored.charges.add(charge);
      }
    }
    PrivacyLoss replayed;
    try {
      replayed = restored.spent();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "charges must replay to a valid loss (total delta < 1), got: " + e.getMessage(), e);
    }
    if (!covers(replayed, snapshot.spent())) {
      throw new IllegalArgumentException(
          "spent must be at most the loss its charges replay to, "
              + replayed
              + ", got "
              + snapshot.spent()
              + ": charges are missing or altered");
    }
    return restored;
  }

  /**
   * Whether the other accountant is in the same state: same budget, composition, charges (labels,
   * losses, times), hence the same spent and remaining loss and the same snapshot. Clock and
   * listener are not compared.
   *
   * @param other the other accountant
   * @return true if the states are equal
   * @throws IllegalArgumentException if {@code other} is null
   */
  public boolean sameStateAs(PrivacyAccountant other) {
    Checks.notNull("other", other);
    return budget.equals(other.budget)
        && composition.equals(other.composition)
        && charges().equals(other.charges())
        && spent().equals(other.spent())
        && remaining().equals(other.remaining());
  }

  /**
   * A summary such as {@code PrivacyAccountant{budget=(ε=1.0)-DP, composition=basic,
   * spent=(ε=0.3)-DP, charges=3}}.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    synchronized (lock) {
      return "PrivacyAccountant{budget="
          + budget
          + ", composition="
          + composition
          + ", spent="
          + spent()
          + ", charges="
          + charges.size()
          + "}";
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void checkChargeable(String name, PrivacyLoss loss) {
    Checks.notNull(name, loss);
    if (loss.equals(PrivacyLoss.NONE)) {
      throw new IllegalArgumentException(
          name + " must be a positive privacy loss, got " + loss + " (PrivacyLoss.NONE)");
    }
  }

  private static PrivacyLoss maximum(Map<String, PrivacyLoss> perPartition) {
    if (perPartition == null) {
      throw new IllegalArgumentException("perPartition must be a non-empty map, got null");
    }
    if (perPartition.isEmpty()) {
      throw new IllegalArgumentException("perPartition must be a non-empty map, got {}");
    }
    boolean anyZcdp = false;
    boolean anyApproximate = false;
    for (Map.Entry<String, PrivacyLoss> e : perPartition.entrySet()) {
      Checks.nonBlank("perPartition key", e.getKey());
      PrivacyLoss loss = e.getValue();
      Checks.notNull("perPartition[\"" + e.getKey() + "\"]", loss);
      if (loss.equals(PrivacyLoss.NONE)) {
        throw new IllegalArgumentException(
            "perPartition[\"" + e.getKey() + "\"] must be a positive privacy loss, got " + loss);
      }
      anyZcdp |= loss.kind() == PrivacyLoss.Kind.ZCDP;
      anyApproximate |= loss.kind() == PrivacyLoss.Kind.APPROXIMATE;
    }
    PrivacyLoss dominating = dominatingDescription(perPartition.values());
    if (dominating != null) {
      return dominating;
    }
    if (anyZcdp && anyApproximate) {
      throw new IllegalArgumentException(
          "perPartition must not mix zCDP losses with (ε, δ) losses with δ > 0, got "
              + perPartition);
    }
    if (anyZcdp) {
      double rho = 0;
      for (PrivacyLoss loss : perPartition.values()) {
        rho = Math.max(rho, loss.rho());
      }
      return PrivacyLoss.zcdp(rho);
    }
    double eps = 0;
    double delta = 0;
    for (PrivacyLoss loss : perPartition.values()) {
      eps = Math.max(eps, loss.epsilon());
      delta = Math.max(delta, loss.delta());
    }
    return PrivacyLoss.approximate(eps, delta);
  }

  /**
   * Among descriptions of one mechanism family whose curves are ordered (the Gaussian with the
   * smallest σ/Δ dominates the others, and so on), the dominating one — with its own stated
   * guarantee, valid for every partition; null if there is none (then the maximum of the stated
   * guarantees is charged, as a generic loss).
   */
  private static PrivacyLoss dominatingDescription(java.util.Collection<PrivacyLoss> losses) {
    PrivacyLoss first = losses.iterator().next();
    PrivacyLoss.Mechanism m = first.mechanism();
    String param;
    String fixed = null;
    boolean smallerDominates = true;
    switch (m) {
      case GAUSSIAN:
        param = "noiseMultiplier";
        break;
      case LAPLACE:
        param = "scaleOverSensitivity";
        break;
      case DISCRETE_LAPLACE:
        param = "scale";
        fixed = "sensitivity";
        break;
      case DISCRETE_GAUSSIAN:
        param = "sigma";
        fixed = "sensitivity";
        break;
      case RANDOMIZED_RESPONSE:
        param = "p";
        fixed = "categories";
        smallerDominates = false;
        break;
      default:
        for (PrivacyLoss l : losses) {
          if (!l.equals(first)) {
            return null;
          }
        }
        return m == PrivacyLoss.Mechanism.GENERIC ? null : first;
    }
    PrivacyLoss best = first;
    for (PrivacyLoss l : losses) {
      if (l.mechanism() != m
          || (fixed != null && !l.parameters().get(fixed).equals(first.parameters().get(fixed)))) {
        return null;
      }
      double v = l.parameters().get(param).doubleValue();
      double b = best.parameters().get(param).doubleValue();
      if (smallerDominates ? v < b : v > b) {
        best = l;
      }
    }
    return best;
  }

  /** Whether {@code replayed} is at least {@code stored} in every component. */
  private static boolean covers(PrivacyLoss replayed, PrivacyLoss stored) {
    if (stored.equals(PrivacyLoss.NONE)) {
      return true;
    }
    if (replayed.equals(PrivacyLoss.NONE)) {
      return false;
    }
    if (replayed.kind() == PrivacyLoss.Kind.ZCDP || stored.kind() == PrivacyLoss.Kind.ZCDP) {
      return replayed.kind() == stored.kind() && stored.rho() <= replayed.rho();
    }
    return true && stored.epsilon() <= replayed.epsilon() && stored.delta() <= replayed.delta();
  }

  /**
   * Builds a {@link PrivacyAccountant}. Each setter validates its argument at once; {@link
   * #build()} checks the combination. Not thread-safe; the accountant it builds is.
   */
  public static final class Builder {
    private PrivacyLoss budget;
    private Composition composition = Composition.basic();
    private Clock clock = Clock.systemUTC();
    private Consumer<Charge> onCharge = charge -> {};

    private Builder() {}

    /**
     * The total budget (required): a pure or approximate (ε, δ) loss, or a zCDP loss together with
     * {@link Composition#zcdp()}.
     *
     * @param budget the budget, not null and not {@link PrivacyLoss#NONE}
     * @return this builder
     * @throws IllegalArgumentException if the budget is null or {@link PrivacyLoss#NONE}
     */
    public Builder budget(PrivacyLoss budget) {
      Checks.notNull("budget", budget);
      if (budget.equals(PrivacyLoss.NONE)) {
        throw new IllegalArgumentException(
            "budget must be a positive privacy loss (ε > 0 or ρ > 0), got " + budget);
      }
      this.budget = budget;
      return this;
    }

    /**
     * How charges compose (default {@link Composition#basic()}).
     *
     * @param composition the composition, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder composition(Composition composition) {
      this.composition = Checks.notNull("composition", composition);
      return this;
    }

    /**
     * The clock that timestamps charges (default {@link Clock#systemUTC()}).
     *
     * @param clock the clock, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * A listener told of every admitted charge, under the accountant's lock, in order (e.g. a
     * transparency ledger). Never told of refused charges. If it throws, the charge stays spent and
     * the exception reaches the caller of {@code charge}.
     *
     * @param onCharge the listener, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder onCharge(Consumer<Charge> onCharge) {
      this.onCharge = Checks.notNull("onCharge", onCharge);
      return this;
    }

    /**
     * Builds the accountant.
     *
     * @return a new accountant with nothing spent
     * @throws IllegalArgumentException if no budget was set; if the budget is zCDP but the
     *     composition is not {@link Composition#zcdp()} or the other way round; or if the
     *     composition's slack or conversion δ exceeds the budget's δ
     */
    public PrivacyAccountant build() {
      if (budget == null) {
        throw new IllegalArgumentException("budget must be set, got null");
      }
      boolean rhoBudget = budget.kind() == PrivacyLoss.Kind.ZCDP;
      if (rhoBudget != composition.isRhoBudget()) {
        throw new IllegalArgumentException(
            rhoBudget
                ? "budget must be a pure or (ε, δ) loss under "
                    + composition
                    + " composition, got "
                    + budget
                    + "; a zCDP budget needs Composition.zcdp()"
                : "budget must be a zCDP loss under zcdp(ρ budget) composition, got "
                    + budget
                    + "; for an (ε, δ) budget use Composition.zcdp(conversionDelta)");
      }
      if (!rhoBudget && composition.delta() > budget.delta()) {
        throw new IllegalArgumentException(
            "composition delta must be <= the budget's delta "
                + budget.delta()
                + " (it is spent from it), got "
                + composition.delta()
                + " for "
                + composition);
      }
      return new PrivacyAccountant(budget, composition, clock, onCharge);
    }
  }
}

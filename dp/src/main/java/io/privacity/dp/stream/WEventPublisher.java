package io.privacity.dp.stream;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.accounting.PrivacyAccountant;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.Guarantee;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes a vector of per-interval statistics (e.g. trips started at each of d stations in each
 * hour) at every timestamp, with <b>w-event privacy</b> (Kellaris, Papadopoulos, Xiao and Papadias,
 * VLDB 2014): any events within any window of w consecutive timestamps are protected with ε.
 *
 * <pre>{@code
 * WEventPublisher pub = WEventPublisher.builder()
 *     .epsilon(1.0).window(24).dimension(70)
 *     .strategy(WEventPublisher.Strategy.BUDGET_ABSORPTION)
 *     .build();
 * WEventPublisher.Release r = pub.publish(countsThisHour);
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>w-event ε-DP: two streams are w-neighbours if every timestamp's count vector differs by at
 * most {@link Builder#sensitivity(long) Δ} in L1 norm (one person's events in that interval) and
 * all differing timestamps lie within w consecutive timestamps. The budget spent by the timestamps
 * of every window of w adds up to at most ε (checked with exact integer budget units, see {@code
 * docs/proofs/w-event.md}); by sequential composition the whole sequence of releases is w-event
 * ε-DP. The privacy unit is what changes one timestamp's vector by ≤ Δ (e.g. one trip).
 *
 * <h2>Strategies</h2>
 *
 * <ul>
 *   <li>{@link Strategy#BUDGET_DISTRIBUTION} (BD): ε/(2w) per timestamp decides privately whether
 *       the statistics changed enough to publish; a publication gets half of the publication budget
 *       (ε/2) still unspent in the window, otherwise the last release is repeated.
 *   <li>{@link Strategy#BUDGET_ABSORPTION} (BA): ε/(2w) per timestamp for the decision and ε/(2w)
 *       per timestamp for publication; a publication absorbs the unused shares of skipped
 *       timestamps (at most w) and then nullifies as many following timestamps.
 *   <li>{@link Strategy#UNIFORM}: every timestamp is published with ε/w (the baseline).
 * </ul>
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>All noise is exact discrete Laplace noise on the integer counts and on the integer L1
 * dissimilarity; every realized ε is at most the budget it is charged for.
 *
 * <p>Thread-safety: {@link #publish(long[])} is synchronized.
 *
 * <h2>References</h2>
 *
 * <p>G. Kellaris, S. Papadopoulos, X. Xiao, D. Papadias. Differentially Private Event Sequences
 * over Infinite Streams. PVLDB 7(12), 2014.
 */
public final class WEventPublisher {
  /** How the budget is spread over a window. */
  public enum Strategy {
    /** Budget distribution (Kellaris et al. 2014, §4.1). */
    BUDGET_DISTRIBUTION,
    /** Budget absorption (Kellaris et al. 2014, §4.2). */
    BUDGET_ABSORPTION,
    /** ε/w on every timestamp. */
    UNIFORM
  }

  /** Budget units per timestamp share ε/(2w); the window's publication budget ε/2 is w·SHARE. */
  static final long SHARE = 1L << 24;

  private final double epsilon;
  private final int window;
  private final int dimension;
  private final long sensitivity;
  private final Strategy strategy;
  private final Randomness random;
  private final DiscreteLaplaceNoise dissimilarityNoise;
  private final long[] spentUnits; // ring buffer: units spent (decision + publication) per step
  private final long[] lastRelease;
  private long time;
  private long lastPublication; // time of the last publication, 0 if none
  private long lastPublicationUnits;

  private WEventPublisher(Builder b) {
    this.epsilon = b.epsilon;
    this.window = b.window;
    this.dimension = b.dimension;
    this.sensitivity = b.sensitivity;
    this.strategy = b.strategy;
    this.random = b.randomness;
    this.dissimilarityNoise = DiscreteLaplaceNoise.forEpsilon(unitsToEpsilon(SHARE), sensitivity);
    this.spentUnits = new long[window];
    this.lastRelease = new long[dimension];
  }

  /**
   * A new builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private double unitsToEpsilon(long units) {
    // One unit is ε/(2w·SHARE).
    return epsilon * units / (2.0 * window * SHARE);
  }

  /**
   * Feeds the next timestamp's statistics and releases their private version.
   *
   * @param counts the d counts of this timestamp, each &gt;= 0 and &lt;= 2^40
   * @return the release: a fresh noisy publication or a repetition of the last one
   * @throws IllegalArgumentException if counts is null, has the wrong length or a count is negative
   *     or too large
   */
  public synchronized Release publish(long[] counts) {
    Checks.notNull("counts", counts);
    if (counts.length != dimension) {
      throw new IllegalArgumentException(
          "counts must have length dimension=" + dimension + ", got " + counts.length);
    }
    for (long c : counts) {
      EventLevelCounter.checkIncrement(c);
    }
    long t = ++time;
    int slot = (int) (t % window);
    spentUnits[slot] = 0;
    long windowSpent = 0; // units of the other w − 1 timestamps of the window ending at t
    for (long s : spentUnits) {
      windowSpent += s;
    }
    long budgetUnits = 2L * window * SHARE - windowSpent;
    long publicationUnits;
    long decisionUnits = 0;
    if (strategy == Strategy.UNIFORM) {
      publicationUnits = 2 * SHARE;
    } else {
      decisionUnits = SHARE;
      publicationUnits = candidateUnits(t);
      if (publicationUnits > 0) {
        long dissimilarity = 0;
        for (int k = 0; k < dimension; k++) {
          dissimilarity += Math.abs(counts[k] - lastRelease[k]);
        }
        long noisy = dissimilarity + dissimilarityNoise.sample(random);
        // Publish if the mean change exceeds the mean absolute error of a publication (≈ Δ/ε₂).
        double error = sensitivity / unitsToEpsilon(publicationUnits);
        if (!((double) noisy / dimension > error)) {
          publicationUnits = 0;
        }
      }
    }
    // Fail-safe: never exceed the window's budget, whatever the strategy proposed.
    publicationUnits = Math.max(0, Math.min(publicationUnits, budgetUnits - decisionUnits));
    boolean fresh = publicationUnits > 0;
    if (fresh) {
      DiscreteLaplaceNoise noise =
          DiscreteLaplaceNoise.forEpsilon(unitsToEpsilon(publicationUnits), sensitivity);
      for (int k = 0; k < dimension; k++) {
        lastRelease[k] = counts[k] + noise.sample(random);
      }
      lastPublication = t;
      lastPublicationUnits = publicationUnits;
    }
    spentUnits[slot] = decisionUnits + publicationUnits;
    return new Release(
        t,
        lastRelease.clone(),
        fresh,
        unitsToEpsilon(publicationUnits),
        unitsToEpsilon(decisionUnits + publicationUnits));
  }

  private long candidateUnits(long t) {
    if (strategy == Strategy.BUDGET_DISTRIBUTION) {
      long publicationSpent = 0;
      for (int j = 1; j < window && t - j >= 1; j++) {
        publicationSpent += spentUnits[(int) ((t - j) % window)] - SHARE;
      }
      // Half of what remains of the window's publication budget ε/2.
      return (window * SHARE - publicationSpent) / 2;
    }
    // Budget absorption.
    long nullified = lastPublication == 0 ? 0 : lastPublicationUnits / SHARE - 1;
    if (lastPublication != 0 && t - lastPublication <= nullified) {
      return 0;
    }
    long absorbable = t - (lastPublication + nullified);
    return SHARE * Math.min(absorbable, window);
  }

  /** Units spent by each of the last w timestamps, oldest first (for tests). */
  synchronized long[] windowUnits() {
    long[] out = new long[window];
    for (int j = 0; j < window; j++) {
      long s = time - (window - 1) + j;
      out[j] = s >= 1 ? spentUnits[(int) (s % window)] : 0;
    }
    return out;
  }

  /**
   * The guarantee: w-event ε-DP.
   *
   * @return the guarantee with window, dimension, sensitivity and strategy
   */
  public Guarantee guarantee() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(
        "neighbours",
        "w-event: timestamps within one window of w differ by at most sensitivity (L1)");
    p.put("window", window);
    p.put("dimension", dimension);
    p.put("sensitivity", sensitivity);
    p.put("strategy", strategy.name());
    p.put("noise", "discrete Laplace");
    return new Guarantee("WEventPublisher", PrivacyLoss.pure(epsilon), p);
  }

  @Override
  public String toString() {
    return "WEventPublisher{" + strategy + ", w=" + window + ", " + guarantee().loss() + "}";
  }

  /**
   * One timestamp's release.
   *
   * @param time the timestamp, from 1
   * @param values the released statistics (a copy)
   * @param fresh true if freshly published, false if the last release was repeated
   * @param publicationEpsilon the ε spent on publishing at this timestamp (0 if not fresh)
   * @param spentEpsilon the ε spent at this timestamp in total (decision + publication)
   */
  public record Release(
      long time, long[] values, boolean fresh, double publicationEpsilon, double spentEpsilon) {
    /**
     * Copies the values.
     *
     * @param time the timestamp
     * @param values the values
     * @param fresh whether freshly published
     * @param publicationEpsilon ε spent on publication
     * @param spentEpsilon ε spent in total
     */
    public Release {
      values = values.clone();
    }

    /**
     * The released statistics.
     *
     * @return a copy of the values
     */
    @Override
    public long[] values() {
      return values.clone();
    }
  }

  /** Builds a {@link WEventPublisher}. Required: ε, window and dimension. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private int window;
    private int dimension;
    private long sensitivity = 1;
    private Strategy strategy = Strategy.BUDGET_ABSORPTION;
    private Randomness randomness = Randomness.secure();
    private PrivacyAccountant accountant;

    private Builder() {}

    /**
     * ε per window of w timestamps.
     *
     * @param epsilon ε, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ε is NaN, infinite or &lt;= 0
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = Checks.positiveFinite("epsilon", epsilon);
      return this;
    }

    /**
     * The window w.
     *
     * @param window w, in [1, 100000]
     * @return this builder
     * @throws IllegalArgumentException if w is out of range
     */
    public Builder window(int window) {
      this.window = (int) Checks.inRange("window", window, 1, 100_000);
      return this;
    }

    /**
     * How many statistics each timestamp has (d).
     *
     * @param dimension d, in [1, 10^6]
     * @return this builder
     * @throws IllegalArgumentException if d is out of range
     */
    public Builder dimension(int dimension) {
      this.dimension = (int) Checks.inRange("dimension", dimension, 1, 1_000_000);
      return this;
    }

    /**
     * Δ: the largest L1 change of one timestamp's vector by one privacy unit (default 1).
     *
     * @param sensitivity Δ, in [1, 2^20]
     * @return this builder
     * @throws IllegalArgumentException if Δ is out of range
     */
    public Builder sensitivity(long sensitivity) {
      this.sensitivity = Checks.inRange("sensitivity", sensitivity, 1, 1L << 20);
      return this;
    }

    /**
     * The strategy (default {@link Strategy#BUDGET_ABSORPTION}).
     *
     * @param strategy the strategy
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder strategy(Strategy strategy) {
      this.strategy = Checks.notNull("strategy", strategy);
      return this;
    }

    /**
     * The randomness (default {@link Randomness#secure()}).
     *
     * @param randomness the randomness
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder randomness(Randomness randomness) {
      this.randomness = Checks.notNull("randomness", randomness);
      return this;
    }

    /**
     * An accountant charged once, in {@link #build()}, with ε (the w-event loss).
     *
     * @param accountant the accountant
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder accountant(PrivacyAccountant accountant) {
      this.accountant = Checks.notNull("accountant", accountant);
      return this;
    }

    /**
     * Validates, charges the accountant (if any) and builds.
     *
     * @return the publisher
     * @throws IllegalStateException if ε, window or dimension is missing
     * @throws IllegalArgumentException if ε/(2w·Δ) is below 2^−40
     * @throws io.privacity.core.accounting.PrivacyBudgetExceededException if the accountant refuses
     *     the charge
     */
    public WEventPublisher build() {
      Checks.state(!Double.isNaN(epsilon), "epsilon must be set");
      Checks.state(window > 0, "window must be set");
      Checks.state(dimension > 0, "dimension must be set");
      WEventPublisher p = new WEventPublisher(this);
      if (accountant != null) {
        accountant.charge("WEventPublisher " + strategy + " w=" + window, p.guarantee().loss());
      }
      return p;
    }
  }
}

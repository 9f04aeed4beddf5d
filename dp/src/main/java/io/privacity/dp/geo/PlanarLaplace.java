package io.privacity.dp.geo;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.Guarantee;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Geo-indistinguishability by planar Laplace noise, made exact on a metric grid: the reported
 * position hides the true one among nearby positions, with a privacy loss proportional to their
 * distance.
 *
 * <pre>{@code
 * PlanarLaplace pl = PlanarLaplace.builder()
 *     .privacyLevel(2, 500)                      // ℓ = 2 within r = 500 m: ε = 0.004 per metre
 *     .origin(GeoPoint.of(37.7793, -122.4193))   // public grid reference (city centre)
 *     .build();
 * GeoPoint reported = pl.obfuscate(truePosition);
 * }</pre>
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>For any two true positions x, x′ and any set S of outputs, P[M(x) ∈ S] ≤ e^{ε·(d(x,x′) +
 * σ)}·P[M(x′) ∈ S], where d is the distance in the {@link LocalProjection} plane around the origin
 * (never more than the great-circle distance) and σ = {@link #slackMeters()} = s·√2 + 10^−6 m is
 * the discretization slack for grid step s. Hence each report is (ε·(r + σ))-DP for any two
 * positions within r of each other — Location Guard's "privacy level ℓ = ε·r within radius r". With
 * the default step (s = largest power of two ≤ 1/(64ε)) the slack costs at most ε·σ ≤ 0.023 nats on
 * top of ℓ. Proof: {@code docs/proofs/geo.md}.
 *
 * <h2>Construction (an exact lattice mechanism, not a discretized continuous one)</h2>
 *
 * <ol>
 *   <li>Project x to the plane and round it to the nearest grid point X = s·(i, j) (moves each
 *       point by at most s/√2, so neighbouring grid inputs are at most d + s√2 apart).
 *   <li>Draw integer noise N ∈ ℤ² with P(N = n) ∝ exp(−γ‖n‖₂), γ = ε·s rounded down to a dyadic
 *       rational — the planar Laplace distribution restricted to the lattice. For lattice inputs,
 *       P(X + N = y)/P(X′ + N = y) = exp(γ(‖y − X′‖ − ‖y − X‖)) ≤ exp(γ‖X − X′‖) by the triangle
 *       inequality: exact ε-geo-indistinguishability on the grid, no floating-point slack.
 *   <li>Release X + N: a grid point, mapped back to latitude/longitude by a deterministic function.
 *       Optional truncation to a public {@link GeoRegion} is post-processing.
 * </ol>
 *
 * <p>N is sampled exactly: two independent two-sided geometric coordinates with a dyadic rate a ≤
 * γ/√2 are accepted with probability exp(−(γ‖n‖₂ − a‖n‖₁)) ≤ 1 (as ‖n‖₁ ≤ √2‖n‖₂); acceptance is
 * about π/4. Each coordinate is the exact inverse CDF ⌊−ln(R)/a⌋ of a uniform random real R, and
 * the acceptance is the exact comparison R′ &lt; exp(−t): both are decided in double precision when
 * a proven error bound allows it — all but about 2^−45 of the cases — and otherwise in arbitrary
 * precision (uniform bits revealed on demand, exp and √ bracketed with directed rounding), so the
 * sampled distribution is exactly the lattice planar Laplace. A sample costs about four random
 * words and three logarithms.
 *
 * <p>Why not "sample a radius from Gamma(2, ε) and an angle, then snap" (Andrés et al. §4.1)? That
 * route needs a slack that depends on the floating-point precision of the polar-to-Cartesian step
 * and on a bound on the radius (the angular error grows with it), so it is only approximately pure.
 * The lattice construction has the same shape (the radius of N is Gamma(2, γ)-like, tested) and its
 * only slack is the input rounding σ.
 *
 * <h2>Accuracy / privacy trade-off</h2>
 *
 * <p>Error = noise + input rounding: the mean distance is about 2/ε (+ at most s/√2), the
 * p-quantile about {@link GeoAccuracy#radiusForProbability} (Lambert W₋₁). Privacy ℓ within r costs
 * mean error 2r/ℓ: Location Guard's ℓ = 2 gives a mean error equal to the protection radius (200 m,
 * 500 m, 2000 m). Halving the error doubles the loss. Truncation to a region can only lower the
 * error for true positions in a convex region (it moves outputs towards it).
 *
 * <h2>Caller obligations</h2>
 *
 * <ul>
 *   <li>The origin and the region must be public, fixed before seeing data, and the same for
 *       everyone (a grid centred on the true position would leak it).
 *   <li>Each call spends ε·(r + σ) for radius r; repeated fresh reports of the same position
 *       compose (n reports: n·ε). Use {@link LocationReporter} to charge and reuse.
 * </ul>
 *
 * <p><b>Warning:</b> the guarantee is in the tangent plane at the origin: use an origin within a
 * few tens of kilometres of the users (projected distances then equal great-circle ones to within
 * 5·10^−6; beyond, projected distances shrink, which only strengthens the guarantee in metres but
 * weakens accuracy). Outputs beyond the earth radius are clamped (post-processing).
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Citations</h2>
 *
 * <ul>
 *   <li>M. Andrés, N. Bordenabe, K. Chatzikokolakis, C. Palamidessi. Geo-indistinguishability:
 *       Differential Privacy for Location-Based Systems. CCS 2013.
 *   <li>I. Mironov. On Significance of the Least Significant Bits for Differential Privacy. CCS
 *       2012.
 *   <li>L. Devroye. Non-Uniform Random Variate Generation. Springer 1986 (inversion and rejection;
 *       exact comparisons of a lazily revealed uniform).
 * </ul>
 */
public final class PlanarLaplace {
  private static final String NAME = "PlanarLaplace";
  private static final int GAMMA_BITS = 40;

  private final double epsilon;
  private final double step;
  private final LocalProjection projection;
  private final GeoRegion region;
  private final Randomness randomness;
  private final long gammaNum;
  private final int log2Den;
  private final double gamma;
  private final LatticeLaplaceSampler sampler;
  private final long anchorI;
  private final long anchorJ;
  private final double[] boundaryX;
  private final double[] boundaryY;

  private PlanarLaplace(Builder b) {
    this.epsilon = b.epsilon;
    this.projection = LocalProjection.at(b.origin);
    this.region = b.region;
    this.randomness = b.randomness;
    double s = b.step;
    if (Double.isNaN(s)) {
      s = Math.scalb(1.0, Math.getExponent(1 / (64 * epsilon)));
    }
    this.step = s;
    double g = epsilon * step;
    if (!(g <= 0.5 && g >= 0x1p-30)) {
      throw new IllegalArgumentException(
          "epsilonPerMeter * gridStepMeters must be in [2^-30, 0.5], got " + g);
    }
    this.log2Den = GAMMA_BITS - Math.getExponent(g);
    // One unit below the rounded product: the rate used never exceeds the true ε·s.
    this.gammaNum = (long) Math.floor(Math.scalb(g, log2Den)) - 1;
    long an = (long) Math.floor(gammaNum / Math.sqrt(2));
    BigInteger gSq = BigInteger.valueOf(gammaNum).pow(2);
    while (BigInteger.valueOf(an).pow(2).shiftLeft(1).compareTo(gSq) > 0) {
      an--;
    }
    this.gamma = Math.scalb((double) gammaNum, -log2Den);
    this.sampler = new LatticeLaplaceSampler(gammaNum, an, log2Den);
    if (region != null) {
      java.util.List<GeoPoint> vs = region.vertices();
      boundaryX = new double[vs.size()];
      boundaryY = new double[vs.size()];
      for (int k = 0; k < vs.size(); k++) {
        PlanarPoint q = projection.toPlane(vs.get(k));
        boundaryX[k] = q.x();
        boundaryY[k] = q.y();
      }
      PlanarPoint c = projection.toPlane(region.vertexMean());
      long[] anchor =
          nearestInside(c.x(), c.y(), Math.round(c.x() / step), Math.round(c.y() / step), 256);
      for (int k = 0; anchor == null && k < boundaryX.length; k++) {
        anchor =
            nearestInside(
                boundaryX[k],
                boundaryY[k],
                Math.round(boundaryX[k] / step),
                Math.round(boundaryY[k] / step),
                16);
      }
      if (anchor == null) {
        throw new IllegalArgumentException(
            "region must contain at least one grid point (step "
                + step
                + " m), got an empty region: "
                + region);
      }
      anchorI = anchor[0];
      anchorJ = anchor[1];
    } else {
      boundaryX = null;
      boundaryY = null;
      anchorI = 0;
      anchorJ = 0;
    }
  }

  /**
   * A builder; {@link Builder#origin} and one of {@link Builder#epsilonPerMeter} or {@link
   * Builder#privacyLevel} are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reports a noisy position for a true one.
   *
   * @param truePosition the true position, not null, on the origin's hemisphere
   * @return a grid point (inside the region, if one was set)
   * @throws IllegalArgumentException if truePosition is null or on the far hemisphere
   */
  public GeoPoint obfuscate(GeoPoint truePosition) {
    Checks.notNull("truePosition", truePosition);
    long[] idx = obfuscateIndex(projection.toPlane(truePosition));
    return projection.toGeo(new PlanarPoint(idx[0] * step, idx[1] * step));
  }

  /** The released grid index for a planar true position (package-private for tests). */
  long[] obfuscateIndex(PlanarPoint p) {
    long i = Math.round(p.x() / step);
    long j = Math.round(p.y() / step);
    long[] n = sampleLatticeNoise();
    long oi = saturatingAdd(i, n[0]);
    long oj = saturatingAdd(j, n[1]);
    if (region != null) {
      return truncate(oi, oj);
    }
    return new long[] {oi, oj};
  }

  /** One exact sample of N with P(n) ∝ exp(−γ‖n‖₂), in grid units (package-private for tests). */
  long[] sampleLatticeNoise() {
    return sampler.sample(randomness);
  }

  private long[] truncate(long oi, long oj) {
    if (insideAt(oi, oj)) {
      return new long[] {oi, oj};
    }
    double px = oi * step;
    double py = oj * step;
    double[] b = nearestBoundaryPoint(px, py);
    long[] best = nearestInside(px, py, Math.round(b[0] / step), Math.round(b[1] / step), 32);
    return best != null ? best : new long[] {anchorI, anchorJ};
  }

  private boolean insideAt(long i, long j) {
    return region.contains(projection.toGeo(new PlanarPoint(i * step, j * step)));
  }

  /**
   * Among grid points on Chebyshev rings around (ci, cj), the inside one closest to (px, py): rings
   * are scanned until one holds an inside point, plus one more ring; null if none within maxRing.
   */
  private long[] nearestInside(double px, double py, long ci, long cj, int maxRing) {
    long[] best = null;
    double bestD = Double.POSITIVE_INFINITY;
    int stopAt = maxRing;
    for (int r = 0; r <= stopAt; r++) {
      for (long di = -r; di <= r; di++) {
        for (long dj = -r; dj <= r; dj++) {
          if (Math.max(Math.abs(di), Math.abs(dj)) != r) {
            continue;
          }
          long i = ci + di;
          long j = cj + dj;
          if (insideAt(i, j)) {
            double d = Math.hypot(i * step - px, j * step - py);
            if (d < bestD) {
              bestD = d;
              best = new long[] {i, j};
            }
          }
        }
      }
      if (best != null && stopAt == maxRing) {
        stopAt = Math.min(maxRing, r + 1);
      }
    }
    return best;
  }

  private double[] nearestBoundaryPoint(double px, double py) {
    double bx = boundaryX[0];
    double by = boundaryY[0];
    double bestD = Double.POSITIVE_INFINITY;
    int n = boundaryX.length;
    for (int k = 0; k < n; k++) {
      double x1 = boundaryX[k];
      double y1 = boundaryY[k];
      double x2 = boundaryX[(k + 1) % n];
      double y2 = boundaryY[(k + 1) % n];
      double dx = x2 - x1;
      double dy = y2 - y1;
      double len2 = dx * dx + dy * dy;
      double u = len2 == 0 ? 0 : ((px - x1) * dx + (py - y1) * dy) / len2;
      u = Math.max(0, Math.min(1, u));
      double qx = x1 + u * dx;
      double qy = y1 + u * dy;
      double d = Math.hypot(px - qx, py - qy);
      if (d < bestD) {
        bestD = d;
        bx = qx;
        by = qy;
      }
    }
    return new double[] {bx, by};
  }

  private static long saturatingAdd(long x, long y) {
    long r = x + y;
    if (((x ^ r) & (y ^ r)) < 0) {
      return x < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
    return r;
  }

  /**
   * The privacy loss bound for two true positions at a given distance: ε·(d + σ).
   *
   * @param distanceMeters d, finite and &gt;= 0
   * @return ε·(d + {@link #slackMeters()})
   * @throws IllegalArgumentException if d is negative, NaN or infinite
   */
  public double epsilonAt(double distanceMeters) {
    Checks.nonNegativeFinite("distanceMeters", distanceMeters);
    return epsilon * (distanceMeters + slackMeters());
  }

  /**
   * The guarantee of one report for positions within a radius of each other: pure (ε·(r + σ))-DP.
   *
   * @param radiusMeters the protection radius r, finite and &gt; 0
   * @return the guarantee, with ε per metre, grid step, slack and radius as parameters
   * @throws IllegalArgumentException if r is not finite or ≤ 0
   */
  public Guarantee guaranteeWithin(double radiusMeters) {
    Checks.positiveFinite("radiusMeters", radiusMeters);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("epsilonPerMeter", epsilon);
    p.put("radiusMeters", radiusMeters);
    p.put("gridStepMeters", step);
    p.put("slackMeters", slackMeters());
    p.put("origin", projection.origin().toString());
    p.put("truncatedTo", region == null ? "none" : region.toString());
    p.put("sampler", "exact lattice planar Laplace (geometric proposal + exact acceptance)");
    return new Guarantee(NAME, PrivacyLoss.pure(epsilonAt(radiusMeters)), p);
  }

  /**
   * The discretization slack σ = s·√2 + 10^−6 m: the two input roundings to the grid (s/√2 each)
   * plus a margin for the floating-point projection.
   *
   * @return σ in metres
   */
  public double slackMeters() {
    return step * Math.sqrt(2) + 1e-6;
  }

  /**
   * ε, the privacy loss per metre.
   *
   * @return ε
   */
  public double epsilonPerMeter() {
    return epsilon;
  }

  /**
   * The grid step s in metres.
   *
   * @return s
   */
  public double gridStepMeters() {
    return step;
  }

  /**
   * The projection (public grid reference) outputs live on.
   *
   * @return the projection
   */
  public LocalProjection projection() {
    return projection;
  }

  /** Whether outputs are truncated to a region. */
  boolean isTruncated() {
    return region != null;
  }

  /** The lattice rate γ ≤ ε·s per grid unit. */
  double latticeRate() {
    return gamma;
  }

  /**
   * The lattice rate actually used, γ/s ≤ ε (per metre).
   *
   * @return the effective rate per metre
   */
  double effectiveEpsilon() {
    return gamma / step;
  }

  /**
   * An upper bound on the radius within which the untruncated output lies with probability p:
   * {@link GeoAccuracy#radiusForProbability} at the rate used, plus the input rounding s/√2 (the
   * lattice noise's radius is Gamma(2, γ)-like; this is its continuous approximation).
   *
   * @param probability p, in (0, 1)
   * @return the radius in metres
   * @throws IllegalArgumentException if p is not in (0, 1)
   */
  public double radiusForProbability(double probability) {
    return GeoAccuracy.radiusForProbability(effectiveEpsilon(), probability) + step / Math.sqrt(2);
  }

  /**
   * The approximate mean error of untruncated outputs, 2/ε.
   *
   * @return the mean distance in metres between true and reported position
   */
  public double meanError() {
    return GeoAccuracy.meanError(effectiveEpsilon());
  }

  @Override
  public String toString() {
    return "PlanarLaplace{epsilonPerMeter="
        + epsilon
        + ", gridStepMeters="
        + step
        + ", origin="
        + projection.origin()
        + ", region="
        + region
        + ", randomness="
        + randomness
        + "}";
  }

  /** Builds a {@link PlanarLaplace}; each setter validates its argument at once. */
  public static final class Builder {
    private double epsilon = Double.NaN;
    private double step = Double.NaN;
    private GeoPoint origin;
    private GeoRegion region;
    private Randomness randomness = Randomness.secure();

    private Builder() {}

    /**
     * ε, the privacy loss per metre of distance.
     *
     * @param epsilonPerMeter ε, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ε is NaN, infinite or ≤ 0
     */
    public Builder epsilonPerMeter(double epsilonPerMeter) {
      this.epsilon = Checks.positiveFinite("epsilonPerMeter", epsilonPerMeter);
      return this;
    }

    /**
     * Location Guard's parametrisation: privacy level ℓ within radius r, ε = ℓ/r (e.g. ℓ = 2 with r
     * = 200 m, 500 m or 2000 m).
     *
     * @param level ℓ, finite and &gt; 0
     * @param radiusMeters r, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if ℓ or r is NaN, infinite or ≤ 0
     */
    public Builder privacyLevel(double level, double radiusMeters) {
      Checks.positiveFinite("level", level);
      Checks.positiveFinite("radiusMeters", radiusMeters);
      return epsilonPerMeter(level / radiusMeters);
    }

    /**
     * The public grid reference (projection origin), e.g. the city centre. Required.
     *
     * @param origin the origin, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder origin(GeoPoint origin) {
      this.origin = Checks.notNull("origin", origin);
      return this;
    }

    /**
     * The grid step s in metres; defaults to the largest power of two ≤ 1/(64ε). Must satisfy ε·s ∈
     * [2^−30, 0.5].
     *
     * @param gridStepMeters s, finite and &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if s is NaN, infinite or ≤ 0
     */
    public Builder gridStepMeters(double gridStepMeters) {
      this.step = Checks.positiveFinite("gridStepMeters", gridStepMeters);
      return this;
    }

    /**
     * Truncates outputs to a public region: an output outside is replaced by the nearest grid point
     * inside (post-processing, so the guarantee is unchanged).
     *
     * @param region the region, not null, containing at least one grid point
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder truncateTo(GeoRegion region) {
      this.region = Checks.notNull("region", region);
      return this;
    }

    /**
     * The randomness; defaults to {@link Randomness#secure()}.
     *
     * @param randomness the source of random bits, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder randomness(Randomness randomness) {
      this.randomness = Checks.notNull("randomness", randomness);
      return this;
    }

    /**
     * Builds the mechanism.
     *
     * @return the mechanism
     * @throws IllegalStateException if ε or the origin was not set
     * @throws IllegalArgumentException if ε·s is outside [2^−30, 0.5] or the region holds no grid
     *     point
     */
    public PlanarLaplace build() {
      Checks.state(!Double.isNaN(epsilon), "epsilonPerMeter (or privacyLevel) must be set");
      Checks.state(origin != null, "origin must be set");
      return new PlanarLaplace(this);
    }
  }
}

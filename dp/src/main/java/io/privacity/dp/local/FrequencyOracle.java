package io.privacity.dp.local;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.internal.Checks;
import io.privacity.dp.mechanism.Guarantee;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The public parameters of a local-DP frequency oracle: the protocol, the domain size k and ε. A
 * city publishes one {@code FrequencyOracle}; each device randomizes with a client built on it
 * ({@link KrrClient}, {@link OueClient}, {@link OlhClient}) and the city aggregates the reports
 * with the matching server ({@link KrrServer}, {@link OueServer}, {@link OlhServer}). Immutable,
 * thread-safe value.
 *
 * <h2>Privacy guarantee</h2>
 *
 * <p>Each report is pure ε-<b>local</b> DP (ε = {@link #epsilon()}, the realized ε, never larger
 * than the requested one): for any two values v, v' and any report r, {@code Pr[r | v] ≤ e^ε Pr[r |
 * v']}. Any two inputs are neighbours; the server needs no trust. Reports of one device compose: m
 * reports of a changing value cost up to mε — see {@link MemoizingRandomizer} for longitudinal
 * reporting.
 *
 * <p><b>Warning:</b> a device that answers the same question again with fresh randomness spends ε
 * again, and the server can average its reports: wrap the client in a {@link MemoizingRandomizer}
 * for repeated (longitudinal) collection.
 *
 * <h2>Protocols (Wang, Blocki, Li and Jha, USENIX Security 2017)</h2>
 *
 * <ul>
 *   <li>{@link Protocol#DIRECT_ENCODING}: k-ary randomized response: keep the value with
 *       probability p = e^ε/(e^ε+k−1), else report one of the k−1 others uniformly. Best for small
 *       k (k &lt; 3e^ε + 2).
 *   <li>{@link Protocol#OPTIMIZED_UNARY_ENCODING} (OUE): a k-bit vector; the value's bit is 1 with
 *       probability 1/2, every other bit with q = 1/(e^ε+1). Report size k bits.
 *   <li>{@link Protocol#OPTIMIZED_LOCAL_HASHING} (OLH): hash the value with a fresh seeded hash
 *       into g = round(e^ε)+1 buckets, then randomized response over the g buckets. Report size 64
 *       + 32 bits, variance as OUE's.
 * </ul>
 *
 * <p>For each protocol a report "supports" value v with probability p* if the device's value is v
 * and q* otherwise; the server's estimate {@code (support(v) − n q*)/(p* − q*)} is unbiased with
 * variance {@link #variance(long, double)}.
 *
 * <h2>Floating-point safety</h2>
 *
 * <p>e^ε is replaced by a rational a/b ≤ e^ε (b a power of two, ≥ 2^30), and every random decision
 * compares a uniform integer with an integer threshold, so the report distribution is exactly the
 * one whose ε is reported by {@link #epsilon()}. Proofs: {@code
 * docs/proofs/local-frequency-oracles.md}.
 *
 * <p>Thread-safety: immutable.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>T. Wang, J. Blocki, N. Li, S. Jha. Locally Differentially Private Protocols for Frequency
 *       Estimation. USENIX Security 2017.
 *   <li>Ú. Erlingsson, V. Pihur, A. Korolova. RAPPOR: Randomized Aggregatable Privacy-Preserving
 *       Ordinal Response. CCS 2014.
 * </ul>
 */
public final class FrequencyOracle {
  /** The largest domain size k. */
  public static final int MAX_DOMAIN_SIZE = 1 << 24;

  /** The largest ε. */
  public static final double MAX_EPSILON = 20;

  /** A frequency-oracle protocol. */
  public enum Protocol {
    /** k-ary randomized response (direct encoding). */
    DIRECT_ENCODING,
    /** Optimized unary encoding. */
    OPTIMIZED_UNARY_ENCODING,
    /** Optimized local hashing. */
    OPTIMIZED_LOCAL_HASHING
  }

  private final Protocol protocol;
  private final int domainSize;
  private final double requestedEpsilon;
  private final int hashRange;
  // e^ε rationalized as expNum/expDen (expDen = 2^j), expNum/expDen <= e^ε.
  private final long expNum;
  private final long expDen;
  private final double epsilon;
  private final double p;
  private final double q;

  private FrequencyOracle(Protocol protocol, int k, double eps) {
    this.protocol = protocol;
    this.domainSize = (int) Checks.inRange("k", k, 2, MAX_DOMAIN_SIZE);
    Checks.positiveFinite("epsilon", eps);
    if (eps > MAX_EPSILON) {
      throw new IllegalArgumentException(
          "epsilon must be finite, > 0 and <= " + MAX_EPSILON + ", got " + eps);
    }
    this.requestedEpsilon = eps;
    double exp = Math.exp(eps);
    switch (protocol) {
      case DIRECT_ENCODING:
        hashRange = k;
        break;
      case OPTIMIZED_UNARY_ENCODING:
        hashRange = 2;
        break;
      default:
        hashRange = (int) Math.max(2, Math.round(exp) + 1);
        break;
    }
    // Randomized response over m outcomes needs expNum + (m−1)·expDen < 2^61.
    int m = protocol == Protocol.OPTIMIZED_UNARY_ENCODING ? 2 : hashRange;
    int j = 60 - Math.getExponent(exp + m) - 1;
    this.expDen = 1L << j;
    // Math.exp is within 1 ulp: shrink by 2^−50 before flooring so expNum/expDen <= e^ε.
    this.expNum = (long) Math.floor(Math.scalb(exp * (1 - 0x1.0p-50), j));
    if (expNum <= expDen) {
      throw new IllegalArgumentException(
          "epsilon is too small to realize exactly (needs e^epsilon > 1 + 2^-"
              + j
              + "), got "
              + eps);
    }
    // An upper bound on ln(expNum/expDen) despite rounding in the division and the logarithm.
    double realized = Math.log((double) expNum / expDen) * (1 + 0x1.0p-40) + 0x1.0p-50;
    this.epsilon = Math.min(eps, realized);
    long total = expNum + (m - 1) * expDen;
    switch (protocol) {
      case DIRECT_ENCODING:
        p = (double) expNum / total;
        q = (double) expDen / total;
        break;
      case OPTIMIZED_UNARY_ENCODING:
        p = 0.5;
        q = (double) expDen / total;
        break;
      default:
        p = (double) expNum / total;
        q = 1.0 / hashRange;
        break;
    }
  }

  /**
   * k-ary randomized response (direct encoding) over the values 0..k−1.
   *
   * @param k domain size, in [2, 2^24]
   * @param epsilon ε, finite, in (0, 20]
   * @return the parameters
   * @throws IllegalArgumentException if k or ε is out of range
   */
  public static FrequencyOracle directEncoding(int k, double epsilon) {
    return new FrequencyOracle(Protocol.DIRECT_ENCODING, k, epsilon);
  }

  /**
   * Optimized unary encoding over the values 0..k−1.
   *
   * @param k domain size, in [2, 2^24]
   * @param epsilon ε, finite, in (0, 20]
   * @return the parameters
   * @throws IllegalArgumentException if k or ε is out of range
   */
  public static FrequencyOracle optimizedUnaryEncoding(int k, double epsilon) {
    return new FrequencyOracle(Protocol.OPTIMIZED_UNARY_ENCODING, k, epsilon);
  }

  /**
   * Optimized local hashing over the values 0..k−1, with g = round(e^ε)+1 buckets.
   *
   * @param k domain size, in [2, 2^24]
   * @param epsilon ε, finite, in (0, 20]
   * @return the parameters
   * @throws IllegalArgumentException if k or ε is out of range
   */
  public static FrequencyOracle optimizedLocalHashing(int k, double epsilon) {
    return new FrequencyOracle(Protocol.OPTIMIZED_LOCAL_HASHING, k, epsilon);
  }

  /**
   * The protocol.
   *
   * @return the protocol
   */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * The domain size k: values are 0..k−1.
   *
   * @return k
   */
  public int domainSize() {
    return domainSize;
  }

  /**
   * The ε asked for.
   *
   * @return the requested ε
   */
  public double requestedEpsilon() {
    return requestedEpsilon;
  }

  /**
   * The realized ε of one report: ln(a/b) for the rational a/b ≤ e^ε the randomizer uses, rounded
   * up; at most {@link #requestedEpsilon()}.
   *
   * @return the realized ε
   */
  public double epsilon() {
    return epsilon;
  }

  /**
   * The number of outcomes of the randomized-response step: k (direct encoding), 2 (each bit of
   * OUE) or g (OLH buckets).
   *
   * @return the range
   */
  public int hashRange() {
    return hashRange;
  }

  /**
   * p*: the probability that a report supports the device's own value.
   *
   * @return p*
   */
  public double supportProbability() {
    return p;
  }

  /**
   * q*: the probability that a report supports a given other value (for OLH, 1/g under the
   * hash-family assumption of {@link OlhClient}).
   *
   * @return q*
   */
  public double falseSupportProbability() {
    return q;
  }

  /**
   * The exact variance of the estimated count of a value held by {@code trueCount} of {@code n}
   * devices: {@code (c·p*(1−p*) + (n−c)·q*(1−q*)) / (p*−q*)²}.
   *
   * @param n number of reports, &gt;= 0
   * @param trueCount how many devices hold the value, in [0, n]
   * @return the variance
   * @throws IllegalArgumentException if n &lt; 0 or trueCount is outside [0, n]
   */
  public double variance(long n, double trueCount) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    if (!(trueCount >= 0 && trueCount <= n)) {
      throw new IllegalArgumentException("trueCount must be in [0, " + n + "], got " + trueCount);
    }
    double d = p - q;
    return (trueCount * p * (1 - p) + (n - trueCount) * q * (1 - q)) / (d * d);
  }

  /**
   * The variance for a rare value (trueCount = 0), {@code n q*(1−q*)/(p*−q*)²}, the figure Wang et
   * al. use to compare protocols.
   *
   * @param n number of reports, &gt;= 0
   * @return the variance
   * @throws IllegalArgumentException if n &lt; 0
   */
  public double approximateVariance(long n) {
    return variance(n, 0);
  }

  /**
   * The guarantee of one report.
   *
   * @return pure ε-local DP with the protocol, k and the hash range
   */
  public Guarantee guarantee() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("neighbours", "local: any two input values");
    params.put("k", domainSize);
    params.put("hashRange", hashRange);
    params.put("requestedEpsilon", requestedEpsilon);
    params.put("expEpsilonRational", expNum + "/" + expDen);
    return new Guarantee("LocalDP/" + protocol, PrivacyLoss.pure(epsilon), params);
  }

  long expNum() {
    return expNum;
  }

  long expDen() {
    return expDen;
  }

  void checkValue(int value) {
    if (value < 0 || value >= domainSize) {
      throw new IllegalArgumentException(
          "value must be in [0, " + (domainSize - 1) + "], got " + value);
    }
  }

  void checkProtocol(Protocol expected) {
    if (protocol != expected) {
      throw new IllegalArgumentException(
          "oracle must use protocol " + expected + ", got " + protocol);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FrequencyOracle)) {
      return false;
    }
    FrequencyOracle that = (FrequencyOracle) o;
    return protocol == that.protocol
        && domainSize == that.domainSize
        && Double.compare(requestedEpsilon, that.requestedEpsilon) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, domainSize, requestedEpsilon);
  }

  @Override
  public String toString() {
    return protocol + "(k=" + domainSize + ", g=" + hashRange + ", ε=" + epsilon + ")";
  }
}

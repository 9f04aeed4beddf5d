package io.privacity.dp.aggregate;

import io.privacity.core.PrivacyLoss;
import io.privacity.core.random.Randomness;
import io.privacity.dp.mechanism.ConfidenceInterval;
import io.privacity.dp.mechanism.DiscreteLaplaceMechanism;
import io.privacity.dp.mechanism.ExponentialMechanism;
import io.privacity.dp.mechanism.Guarantee;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The noisy measurements of one aggregation — count, sum, normalized sum, normalized sum of squares
 * and quantiles, each at ε_m — and how a partition's exact state becomes its released statistics
 * with their confidence intervals and guarantees. Package-private; immutable and thread-safe.
 * Derivation: {@code docs/proofs/aggregation.md}, sections 3 and 5.
 */
final class Measurements {
  /** Largest L0 whose measurements are described partition by partition. */
  static final int MAX_DESCRIBED_PARTITIONS = 1024;

  private final Plan plan;
  private final ContributionBounds bounds;
  private final boolean count;
  private final boolean sum;
  private final boolean mean;
  private final boolean variance;
  private final List<Double> ranks;
  private final double level;
  private final double measurementEpsilon;
  private final DiscreteLaplaceMechanism countNoise;
  private final DiscreteLaplaceMechanism sumNoise;
  private final DiscreteLaplaceMechanism normNoise;
  private final DiscreteLaplaceMechanism sqNoise;
  private final ExponentialMechanism<Double> quantileMechanism;

  Measurements(
      Plan plan,
      ContributionBounds bounds,
      boolean[] statistics,
      List<Double> ranks,
      double level,
      double measurementEpsilon,
      Randomness randomness) {
    this.plan = plan;
    this.bounds = bounds;
    this.count = statistics[0];
    this.sum = statistics[1];
    this.mean = statistics[2];
    this.variance = statistics[3];
    this.ranks = ranks;
    this.level = level;
    this.measurementEpsilon = measurementEpsilon;
    boolean needCount = count || mean || variance;
    boolean needNorm = mean || variance;
    this.countNoise = needCount ? laplace(plan.contributions(), randomness) : null;
    this.sumNoise = sum ? laplace(plan.sumSensitivity(), randomness) : null;
    this.normNoise = needNorm ? laplace(plan.normSensitivity(), randomness) : null;
    this.sqNoise = variance ? laplace(plan.sqSensitivity(), randomness) : null;
    if (!ranks.isEmpty()) {
      List<Double> edges = new ArrayList<>();
      for (int j = 0; j <= Plan.HISTOGRAM_BUCKETS; j++) {
        edges.add(plan.edge(j));
      }
      this.quantileMechanism =
          ExponentialMechanism.builder(edges)
              .epsilon(measurementEpsilon / bounds.maxPartitionsContributed())
              .sensitivity(bounds.maxContributionsPerPartition())
              .randomness(randomness)
              .build();
    } else {
      this.quantileMechanism = null;
    }
  }

  private DiscreteLaplaceMechanism laplace(long sensitivity, Randomness randomness) {
    return DiscreteLaplaceMechanism.builder()
        .epsilon(measurementEpsilon)
        .l1Sensitivity(Math.max(1, sensitivity))
        .randomness(randomness)
        .build();
  }

  /**
   * The measurements as mechanism descriptions, for curve-based accountants: each discrete Laplace
   * measurement adds independent noise to each of the at most L0 partitions a unit touches, a
   * partition's value moving by at most the measurement's sensitivity / L0 (the sensitivities are
   * L0 times a per-partition bound, {@link Plan}); so it is described as L0 discrete Laplace
   * mechanisms of that per-partition sensitivity (their composition bounds the vector mechanism:
   * each coordinate's loss is that of a scalar shift of at most the per-partition bound). Each
   * quantile is L0 generic pure (ε_m / L0) selections. A measurement whose sensitivity is not an
   * exact multiple of L0, or with L0 above {@value #MAX_DESCRIBED_PARTITIONS}, is described by its
   * generic pure ε_m (a valid, looser curve; it keeps the description small).
   */
  List<PrivacyLoss> descriptions() {
    int l0 = bounds.maxPartitionsContributed();
    if (l0 > MAX_DESCRIBED_PARTITIONS) {
      List<PrivacyLoss> generic = new ArrayList<>();
      int n =
          (countNoise != null ? 1 : 0)
              + (sumNoise != null ? 1 : 0)
              + (normNoise != null ? 1 : 0)
              + (sqNoise != null ? 1 : 0)
              + ranks.size();
      for (int i = 0; i < n; i++) {
        generic.add(PrivacyLoss.pure(measurementEpsilon));
      }
      return generic;
    }
    List<PrivacyLoss> parts = new ArrayList<>();
    for (DiscreteLaplaceMechanism m :
        new DiscreteLaplaceMechanism[] {countNoise, sumNoise, normNoise, sqNoise}) {
      if (m == null) {
        continue;
      }
      long sensitivity = ((Number) m.guarantee().parameters().get("l1Sensitivity")).longValue();
      if (sensitivity % l0 != 0 || sensitivity / l0 > (1L << 53)) {
        parts.add(PrivacyLoss.pure(measurementEpsilon));
        continue;
      }
      PrivacyLoss one = PrivacyLoss.discreteLaplace(Math.nextDown(m.scale()), sensitivity / l0);
      for (int i = 0; i < l0; i++) {
        parts.add(one);
      }
    }
    for (int r = 0; r < ranks.size(); r++) {
      PrivacyLoss one = PrivacyLoss.pure(measurementEpsilon / l0);
      for (int i = 0; i < l0; i++) {
        parts.add(one);
      }
    }
    return parts;
  }

  /** The statistics released, by name: count, sum, mean, variance, quantile(r). */
  List<String> statistics() {
    List<String> s = new ArrayList<>();
    if (count) {
      s.add("count");
    }
    if (sum) {
      s.add("sum");
    }
    if (mean) {
      s.add("mean");
    }
    if (variance) {
      s.add("variance");
    }
    for (double r : ranks) {
      s.add("quantile(" + r + ")");
    }
    return s;
  }

  /** The released statistics of one partition: noise drawn here, once per measurement. */
  <K> PartitionResult<K> noisy(K key, PartitionState s) {
    long c = countNoise != null ? countNoise.addNoise(s.count) : 0;
    DpCount countValue = null;
    if (count) {
      countValue =
          new DpCount(c, countNoise.confidenceInterval(c, level), part("count", countNoise, 0));
    }
    DpValue sumValue = null;
    if (sum) {
      long n = sumNoise.addNoise(s.sum);
      ConfidenceInterval ci = sumNoise.confidenceInterval(n, level);
      double g = Math.scalb(1.0, plan.kSum);
      sumValue =
          new DpValue(
              Math.scalb((double) n, plan.kSum),
              new ConfidenceInterval(
                  Math.nextDown(ci.lower() * g), Math.nextUp(ci.upper() * g), level),
              part("sum", sumNoise, plan.kSum));
    }
    DpValue meanValue = null;
    DpValue varianceValue = null;
    if (mean || variance) {
      long n = normNoise.addNoise(s.norm);
      double gN = Math.scalb(1.0, plan.kNorm);
      double h = Math.max(Math.abs(plan.minNormUnits), Math.abs(plan.maxNormUnits));
      double cc = Math.max(1, c);
      double normMean = Math.max(-h, Math.min(h, n / cc));
      if (mean) {
        MeanInterval mi = new MeanInterval(normNoise.scale(), countNoise.scale(), 1 - level);
        double[] a = mi.interval(n, c, h);
        double lo = Math.max(plan.lower, plan.mid + (a[0] - 0.5) * gN);
        double hi = Math.min(plan.upper, plan.mid + (a[1] + 0.5) * gN);
        meanValue =
            new DpValue(
                clamp(plan.mid + normMean * gN, plan.lower, plan.upper),
                new ConfidenceInterval(Math.nextDown(lo), Math.nextUp(Math.max(lo, hi)), level),
                composite("mean", 2, "noisy normalized sum / noisy count + midpoint"));
      }
      if (variance) {
        long sq = sqNoise.addNoise(s.sq);
        double gQ = Math.scalb(1.0, plan.kSq);
        double maxVar = plan.half * plan.half;
        double m = normMean * gN;
        double v = clamp(Math.max(0, sq / cc) * gQ - m * m, 0, maxVar);
        varianceValue =
            new DpValue(
                v,
                varianceInterval(c, n, sq, gN, gQ, maxVar),
                composite("variance", 3, "noisy normalized sum of squares / noisy count − mean^2"));
      }
    }
    List<DpValue> quantiles = null;
    if (!ranks.isEmpty()) {
      quantiles = new ArrayList<>();
      long total = 0;
      for (long x : s.hist) {
        total += x;
      }
      for (double r : ranks) {
        double[] utilities = new double[Plan.HISTOGRAM_BUCKETS + 1];
        long below = 0;
        for (int j = 0; j <= Plan.HISTOGRAM_BUCKETS; j++) {
          utilities[j] = -Math.abs(below - r * total);
          if (j < Plan.HISTOGRAM_BUCKETS) {
            below += s.hist[j];
          }
        }
        int idx = quantileMechanism.selectIndex(utilities);
        Map<String, Object> p = bounded();
        p.put("statistic", "quantile");
        p.put("rank", r);
        p.put("grid", (Plan.HISTOGRAM_BUCKETS + 1) + " edges of [lower, upper]");
        p.put("utility", "-|#{x < c} - rank*n|, sensitivity maxContributionsPerPartition");
        p.put("perPartitionEpsilon", measurementEpsilon / bounds.maxPartitionsContributed());
        quantiles.add(
            new DpValue(
                plan.edge(idx),
                null,
                new Guarantee(
                    "ExponentialMechanism(permute-and-flip)",
                    PrivacyLoss.pure(measurementEpsilon),
                    p)));
      }
    }
    return new PartitionResult<>(key, countValue, sumValue, meanValue, varianceValue, quantiles);
  }

  /**
   * Interval arithmetic over the three noisy sums, each at level 1 − α/3 (union bound), plus the
   * lattice rounding; the whole range if the count's interval reaches 0.
   */
  private ConfidenceInterval varianceInterval(
      long c, long n, long sq, double gN, double gQ, double maxVar) {
    double a3 = (1 - level) / 3;
    ConfidenceInterval ci = countNoise.confidenceInterval(c, 1 - a3);
    ConfidenceInterval ni = normNoise.confidenceInterval(n, 1 - a3);
    ConfidenceInterval si = sqNoise.confidenceInterval(sq, 1 - a3);
    double cLo = Math.max(1, Math.ceil(ci.lower()));
    if (ci.lower() < 1) {
      return new ConfidenceInterval(0, maxVar, level);
    }
    double cHi = ci.upper();
    double sqLo = Math.max(0, si.lower()) / cHi * gQ;
    double sqHi = Math.max(0, si.upper()) / cLo * gQ;
    double mLo = ni.lower() >= 0 ? ni.lower() / cHi : ni.lower() / cLo;
    double mHi = ni.upper() <= 0 ? ni.upper() / cHi : ni.upper() / cLo;
    mLo *= gN;
    mHi *= gN;
    double m2Lo = (mLo <= 0 && mHi >= 0) ? 0 : Math.min(mLo * mLo, mHi * mHi);
    double m2Hi = Math.max(mLo * mLo, mHi * mHi);
    double slack = gQ / 2 + (2 * plan.half + gN) * gN / 2;
    double lo = Math.max(0, sqLo - m2Hi - slack);
    double hi = Math.min(maxVar, sqHi - m2Lo + slack);
    return new ConfidenceInterval(Math.nextDown(lo), Math.nextUp(Math.max(lo, hi)), level);
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  private Map<String, Object> bounded() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("maxPartitionsContributed", bounds.maxPartitionsContributed());
    p.put("maxContributionsPerPartition", bounds.maxContributionsPerPartition());
    if (bounds.hasValueBounds()) {
      p.put("lower", bounds.lower());
      p.put("upper", bounds.upper());
    }
    return p;
  }

  private Guarantee part(String statistic, DiscreteLaplaceMechanism m, int k) {
    Map<String, Object> p = bounded();
    p.put("statistic", statistic);
    p.put("l1Sensitivity", m.guarantee().parameters().get("l1Sensitivity"));
    p.put("granularity", Math.scalb(1.0, k));
    p.put("scale", Math.scalb(m.scale(), k));
    return new Guarantee("DiscreteLaplaceMechanism", PrivacyLoss.pure(measurementEpsilon), p);
  }

  private Guarantee composite(String statistic, int measurements, String method) {
    Map<String, Object> p = bounded();
    p.put("statistic", statistic);
    p.put("method", method);
    p.put("countScale", countNoise.scale());
    p.put("normalizedGranularity", Math.scalb(1.0, plan.kNorm));
    p.put("normalizedScale", Math.scalb(normNoise.scale(), plan.kNorm));
    return new Guarantee(
        "DiscreteLaplaceMechanism", PrivacyLoss.pure(measurementEpsilon * measurements), p);
  }
}

package io.privacity.core.accounting.internal;

/**
 * What the two subsampled curves ({@link PoissonCurve}, {@link WithoutReplacementCurve}) share: the
 * inner curve and the sampling rate, the amplified pure ε (Balle, Barthe and Gaboardi 2018), ρ as
 * the smaller of the inner ρ and that of the amplified pure ε, and the loss scale.
 */
abstract class SubsampledCurve extends Curve {
  final Curve inner;
  final double rate;

  SubsampledCurve(Curve inner, double rate) {
    this.inner = inner;
    this.rate = rate;
  }

  Curve inner() {
    return inner;
  }

  double samplingRate() {
    return rate;
  }

  @Override
  public boolean hasRdp() {
    return inner.hasRdp();
  }

  @Override
  public double pureEpsilon() {
    double e = inner.pureEpsilon();
    return e < Double.POSITIVE_INFINITY ? Curves.amplifiedEpsilon(e, rate) : e;
  }

  @Override
  public double rho() {
    double e = pureEpsilon();
    double r = inner.rho();
    if (e < Double.POSITIVE_INFINITY) {
      double pureRho = Math.nextUp(e * e / 2);
      return Double.isNaN(r) ? pureRho : Math.min(r, pureRho);
    }
    return r;
  }

  @Override
  public double lossScale() {
    double s = inner.lossScale();
    if (inner.hasRdp()) {
      double chi2 = Math.expm1(Math.min(inner.rdp(2), 700));
      return Math.max(1e-300, Math.min(s, rate * Math.sqrt(chi2)));
    }
    return Math.max(1e-300, rate * s);
  }
}

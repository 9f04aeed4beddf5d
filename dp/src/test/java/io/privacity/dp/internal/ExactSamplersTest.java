package io.privacity.dp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.random.Randomness;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ExactSamplersTest {
  private final Randomness r = Randomness.insecureSeeded(11);

  @Test
  void bernoulli_edges_areDeterministic() {
    assertFalse(ExactSamplers.bernoulli(r, 0, 5));
    assertTrue(ExactSamplers.bernoulli(r, 5, 5));
    assertTrue(ExactSamplers.bernoulliExpMinus(r, 0, 3));
  }

  @Test
  void bernoulli_badArguments_throw() {
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.bernoulli(r, 6, 5));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.bernoulli(r, -1, 5));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.bernoulli(r, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.bernoulliExpMinus(r, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.bernoulliExpMinus(r, 1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> ExactSamplers.bernoulliExpMinus(r, BigInteger.ONE, BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.discreteLaplace(r, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.discreteGaussian(r, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> TwoSidedGeometric.of(0, 3));
    assertThrows(IllegalArgumentException.class, () -> TwoSidedGeometric.of(1, 64));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.gaussianPow2(0, 10));
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.gaussianPow2(1, 62));
  }

  @Test
  void saturatedSamples_continueExactly_byMemorylessness() {
    // Rates so small that a third of the samples reach 2^62: the exact magnitude 2^62·n + G must be
    // geometric (≈ exponential of mean 1/γ). Tolerances: 7 standard errors of a mean of n draws of
    // an exponential (Gamma tail by Wilson–Hilferty below 10^−10) and of a binomial proportion.
    int n = 20_000;
    Randomness r = Randomness.insecureSeeded(62);
    TwoSidedGeometric g = TwoSidedGeometric.of(1, 63); // γ = 2^−63
    double sum = 0;
    int saturated = 0;
    for (int i = 0; i < n; i++) {
      long z = g.sample(r);
      BigInteger m = BigInteger.valueOf(Math.abs(z));
      if (Math.abs(z) == ExactSamplers.SATURATION) {
        saturated++;
        m = g.beyondSaturation(r);
        assertTrue(m.bitLength() >= 63);
      }
      sum += Math.scalb(m.doubleValue(), -63);
    }
    double p = Math.exp(-0.5); // P(|Z| ≥ 2^62) for the continuous limit; exact to 2^−60
    assertEquals(p, (double) saturated / n, 7 * Math.sqrt(p * (1 - p) / n));
    assertEquals(1, sum / n, 7 / Math.sqrt(n));
    // Discrete Laplace of scale t = 2^63 − 1 (CKS Algorithm 2), the same way.
    sum = 0;
    saturated = 0;
    for (int i = 0; i < n; i++) {
      long z = ExactSamplers.discreteLaplace(r, Long.MAX_VALUE, 1);
      BigInteger m = BigInteger.valueOf(Math.abs(z));
      if (Math.abs(z) == ExactSamplers.SATURATION) {
        saturated++;
        m = ExactSamplers.discreteLaplaceBeyondSaturation(r, Long.MAX_VALUE, 1);
      }
      sum += Math.scalb(m.doubleValue(), -63);
    }
    assertEquals(p, (double) saturated / n, 7 * Math.sqrt(p * (1 - p) / n));
    assertEquals(1, sum / n, 7 / Math.sqrt(n));
  }

  @Test
  void gaussianPow2_beyond63Bits_hasTheRightVariance() {
    // σ² = 2^40·2^40: the acceptance denominator a·2^(j+1) = 2^81 needs big integers (issue 16:
    // σ_L up to 2^51 lattice units). The mean square of n draws has relative standard error
    // √(2/n) = 1.4%; 7 of them (χ² tail by Wilson–Hilferty below 10^−10) is the tolerance.
    ExactSamplers.DiscreteGaussianPow2 g = ExactSamplers.gaussianPow2(1L << 40, 40);
    Randomness r = Randomness.insecureSeeded(81);
    int n = 10_000;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double u = Math.scalb((double) g.sample(r), -40);
      sum += u * u;
    }
    assertEquals(1, sum / n, 7 * Math.sqrt(2.0 / n));
    assertEquals(0x1p80, g.variance());
  }

  @Test
  void hugeGamma_isAlmostSurelyFalse_andFast() {
    // γ = 2^100: the loop must stop at the first failing exp(-1) coin, not count to ⌊γ⌋.
    BigInteger num = BigInteger.ONE.shiftLeft(100);
    for (int i = 0; i < 1000; i++) {
      assertFalse(ExactSamplers.bernoulliExpMinus(r, num, BigInteger.ONE));
    }
  }

  @Test
  void discreteLaplace_hugeScale_staysWithinSaturation() {
    for (int i = 0; i < 10_000; i++) {
      long z = ExactSamplers.discreteLaplace(r, Long.MAX_VALUE / 2, 3);
      assertTrue(Math.abs(z) <= ExactSamplers.SATURATION);
    }
  }

  @Test
  void sameSeed_sameSamples() {
    Randomness a = Randomness.insecureSeeded(99);
    Randomness b = Randomness.insecureSeeded(99);
    for (int i = 0; i < 1000; i++) {
      assertEquals(
          ExactSamplers.discreteGaussian(a, 7, 2), ExactSamplers.discreteGaussian(b, 7, 2));
      assertEquals(
          ExactSamplers.twoSidedGeometric(a, 3, 30), ExactSamplers.twoSidedGeometric(b, 3, 30));
    }
  }
}

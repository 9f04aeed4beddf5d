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
    assertThrows(IllegalArgumentException.class, () -> ExactSamplers.gaussianPow2(1L << 60, 10));
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

package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Pseudonym characters are uniform over their alphabet (as a PRF's output must be): chi-square
 * goodness-of-fit of each character position over 64,000 pseudonyms of distinct identities.
 *
 * <p>Thresholds: the chi-square quantile at upper-tail probability 10<sup>-8</sup> (Wilson–Hilferty
 * approximation, z = 5.612): 98.1 for 31 degrees of freedom (base 32), 69.7 for 15 (hex), 57.7 for
 * 9 (digits). The three tests check 26 + 16 + 12 = 54 positions, so a correct implementation fails
 * a run with probability at most 54 × 10<sup>-8</sup> &lt; 10<sup>-6</sup>; the master keyset is
 * fresh each run, so the bound holds over keys as well.
 */
class PseudonymizerDistributionTest {
  private static final KeysetHandle MASTER = Pseudonymizer.generateMasterKeyset();
  private static final int N = 64_000;

  private static void checkUniform(
      PseudonymEncoding encoding, String alphabet, int positions, double threshold) {
    Pseudonymizer p =
        Pseudonymizer.builder()
            .masterKeyset(MASTER)
            .domain(
                PseudonymDomain.builder("meters").encoding(encoding).collisionBound(1, 0.5).build())
            .build();
    long[][] counts = new long[positions][alphabet.length()];
    for (int i = 0; i < N; i++) {
      String s = p.pseudonymize("meters", "M" + i, Instant.EPOCH);
      for (int k = 0; k < positions; k++) {
        counts[k][alphabet.indexOf(s.charAt(k))]++;
      }
    }
    double expected = N / (double) alphabet.length();
    for (int k = 0; k < positions; k++) {
      double chi2 = 0;
      for (long c : counts[k]) {
        chi2 += (c - expected) * (c - expected) / expected;
      }
      assertTrue(chi2 < threshold, encoding + " position " + k + ": chi2 = " + chi2);
    }
  }

  @Test
  void crockfordBase32_uniformAtEveryPosition() {
    checkUniform(
        PseudonymEncoding.crockfordBase32(26), "0123456789ABCDEFGHJKMNPQRSTVWXYZ", 26, 98.1);
  }

  @Test
  void hex_uniformAtEveryPosition() {
    checkUniform(PseudonymEncoding.hex(16), "0123456789abcdef", 16, 69.7);
  }

  @Test
  void digits_uniformAtEveryPosition() {
    checkUniform(PseudonymEncoding.digits(12), "0123456789", 12, 57.7);
  }
}

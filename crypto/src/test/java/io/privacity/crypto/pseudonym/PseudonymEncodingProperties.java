package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The fast Crockford and hex encoders against a bit-by-bit reference: character k is the value of
 * bits [w·k, w·k + w) of the PRF output read most significant bit first (w = 5 or 4), zero-padded
 * past its end. The known vectors pin the bit order, so stored pseudonyms stay stable.
 */
class PseudonymEncodingProperties {
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final String HEX = "0123456789abcdef";

  static String reference(byte[] prf, int length, int bitsPerChar, String alphabet) {
    BigInteger v = new BigInteger(1, prf);
    int total = prf.length * 8;
    StringBuilder sb = new StringBuilder(length);
    for (int k = 0; k < length; k++) {
      int c = 0;
      for (int b = 0; b < bitsPerChar; b++) {
        int bit = k * bitsPerChar + b; // 0 = most significant bit of prf[0]
        c = (c << 1) | (bit < total && v.testBit(total - 1 - bit) ? 1 : 0);
      }
      sb.append(alphabet.charAt(c));
    }
    return sb.toString();
  }

  @Property
  void crockford_matchesTheBitByBitReference(
      @ForAll @Size(32) byte[] prf, @ForAll @IntRange(min = 1, max = 51) int length) {
    assertEquals(
        reference(prf, length, 5, CROCKFORD),
        PseudonymEncoding.crockfordBase32(length).encode(prf));
  }

  @Property
  void hex_matchesTheBitByBitReference(
      @ForAll @Size(32) byte[] prf, @ForAll @IntRange(min = 1, max = 64) int length) {
    assertEquals(reference(prf, length, 4, HEX), PseudonymEncoding.hex(length).encode(prf));
  }

  @Test
  void knownVectors() {
    byte[] prf = new byte[32];
    for (int i = 0; i < prf.length; i++) {
      prf[i] = (byte) i;
    }
    // Computed independently (Python int.from_bytes, shifted and split into 5-bit groups).
    assertEquals("000G40R40M30E209185GR38E1W", PseudonymEncoding.crockfordBase32(26).encode(prf));
    assertEquals(
        "000G40R40M30E209185GR38E1W8124GK2GAHC5RR34D1P70X3RF",
        PseudonymEncoding.crockfordBase32(51).encode(prf));
    assertEquals("0", PseudonymEncoding.crockfordBase32(1).encode(prf));
    assertEquals("000102030405", PseudonymEncoding.hex(12).encode(prf));
  }
}

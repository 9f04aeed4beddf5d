package io.privacity.dp.local;

import io.privacity.core.internal.Checks;
import java.util.Arrays;

/**
 * An optimized-unary-encoding report: k bits, bit i in word i/64 at position i%64.
 *
 * @param oracle the parameters (OUE)
 * @param words the bits, (k+63)/64 words (copied)
 */
public record OueReport(FrequencyOracle oracle, long[] words) implements LdpReport {
  /**
   * Validates and copies the report.
   *
   * @param oracle the parameters, with protocol OUE
   * @param words (k+63)/64 words; bits at positions &gt;= k must be 0
   * @throws IllegalArgumentException if the oracle is null or of another protocol, or the words
   *     have the wrong length or stray bits
   */
  public OueReport {
    Checks.notNull("oracle", oracle);
    oracle.checkProtocol(FrequencyOracle.Protocol.OPTIMIZED_UNARY_ENCODING);
    Checks.notNull("words", words);
    int k = oracle.domainSize();
    int n = (k + 63) / 64;
    if (words.length != n) {
      throw new IllegalArgumentException(
          "words must have length (k+63)/64=" + n + ", got " + words.length);
    }
    if (k % 64 != 0 && (words[n - 1] >>> (k % 64)) != 0) {
      throw new IllegalArgumentException("words must have no bit set at positions >= k=" + k);
    }
    words = words.clone();
  }

  /**
   * The bits.
   *
   * @return a copy of the words
   */
  @Override
  public long[] words() {
    return words.clone();
  }

  /**
   * Bit i.
   *
   * @param i the position, in [0, k)
   * @return whether bit i is set
   * @throws IllegalArgumentException if i is out of range
   */
  public boolean bit(int i) {
    oracle.checkValue(i);
    return (words[i >>> 6] >>> (i & 63) & 1) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OueReport
        && ((OueReport) o).oracle.equals(oracle)
        && Arrays.equals(((OueReport) o).words, words);
  }

  @Override
  public int hashCode() {
    return 31 * oracle.hashCode() + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("OueReport[");
    for (int i = 0; i < oracle.domainSize(); i++) {
      sb.append(bit(i) ? '1' : '0');
    }
    return sb.append(']').toString();
  }
}

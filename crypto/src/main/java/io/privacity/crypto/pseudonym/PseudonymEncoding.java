package io.privacity.crypto.pseudonym;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * How a 256-bit PRF output becomes a printable pseudonym of fixed length, and how likely two
 * identities are to share one.
 *
 * <table>
 *   <caption>Encodings and their pseudonym spaces</caption>
 *   <tr><th>encoding</th><th>lengths</th><th>space N</th><th>example</th></tr>
 *   <tr><td>{@link #crockfordBase32(int)}</td><td>1–51</td><td>2<sup>5L</sup></td>
 *       <td>{@code 7ZK3M0QX1D9TAV4B} (L = 16: 80 bits)</td></tr>
 *   <tr><td>{@link #hex(int)}</td><td>1–64</td><td>2<sup>4L</sup></td>
 *       <td>{@code 3f9a0c1e77b2d405} (L = 16: 64 bits)</td></tr>
 *   <tr><td>{@link #digits(int)}</td><td>1–38</td><td>10<sup>L</sup></td>
 *       <td>{@code 004815162342} (L = 12)</td></tr>
 * </table>
 *
 * <p><b>Collision bound.</b> A PRF's outputs on distinct inputs are indistinguishable from
 * independent uniform values, so among {@code n} identities in one domain and epoch the probability
 * that any two share a pseudonym is at most {@code n(n-1)/(2N)} (the birthday bound), returned by
 * {@link #collisionProbability(long)}. {@link PseudonymDomain.Builder#build()} refuses an encoding
 * whose bound for the declared number of identities exceeds the declared maximum. For example,
 * 10<sup>6</sup> identities collide with probability at most 4.1·10<sup>-13</sup> in 16 base-32
 * characters (80 bits), 2.7·10<sup>-8</sup> in 16 hex digits (64 bits), and 0.5 in 12 decimal
 * digits, which is therefore refused at any sensible maximum.
 *
 * <p>{@link #digits(int)} reduces the 256-bit output modulo 10<sup>L</sup>; the bias is at most
 * 10<sup>38</sup>/2<sup>256</sup> &lt; 2<sup>-128</sup>. Immutable and thread-safe.
 */
public final class PseudonymEncoding {
  private static final byte[] CROCKFORD =
      "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(StandardCharsets.US_ASCII);

  /** Two Crockford characters (high byte first) for each 10-bit value. */
  private static final short[] CROCKFORD_PAIRS = new short[1 << 10];

  static {
    for (int v = 0; v < CROCKFORD_PAIRS.length; v++) {
      CROCKFORD_PAIRS[v] = (short) ((CROCKFORD[v >>> 5] << 8) | CROCKFORD[v & 0x1f]);
    }
  }

  private static final VarHandle LONG_BIG_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private enum Kind {
    CROCKFORD_BASE32,
    HEX,
    DIGITS
  }

  private final Kind kind;
  private final int length;
  private final BigInteger modulus;

  private PseudonymEncoding(Kind kind, int length) {
    this.kind = kind;
    this.length = length;
    this.modulus = kind == Kind.DIGITS ? BigInteger.TEN.pow(length) : null;
  }

  /**
   * Crockford base 32 (digits and upper-case letters without I, L, O, U), {@code length} characters
   * carrying 5 bits each.
   *
   * @param length number of characters, 1–51
   * @return the encoding
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  public static PseudonymEncoding crockfordBase32(int length) {
    return new PseudonymEncoding(Kind.CROCKFORD_BASE32, check(length, 51));
  }

  /**
   * Lower-case hexadecimal, {@code length} digits carrying 4 bits each.
   *
   * @param length number of digits, 1–64
   * @return the encoding
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  public static PseudonymEncoding hex(int length) {
    return new PseudonymEncoding(Kind.HEX, check(length, 64));
  }

  /**
   * Fixed-length decimal digits (leading zeros kept), for systems that accept only numbers.
   *
   * @param length number of digits, 1–38
   * @return the encoding
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  public static PseudonymEncoding digits(int length) {
    return new PseudonymEncoding(Kind.DIGITS, check(length, 38));
  }

  private static int check(int length, int max) {
    if (length < 1 || length > max) {
      throw new IllegalArgumentException("length must be in [1, " + max + "], got " + length);
    }
    return length;
  }

  /**
   * The number of characters of every pseudonym.
   *
   * @return the length
   */
  public int length() {
    return length;
  }

  /**
   * log<sub>2</sub> of the number of distinct pseudonyms.
   *
   * @return the bits of the pseudonym space
   */
  public double bits() {
    switch (kind) {
      case CROCKFORD_BASE32:
        return 5.0 * length;
      case HEX:
        return 4.0 * length;
      default:
        return length * (Math.log(10) / Math.log(2));
    }
  }

  /**
   * The birthday bound {@code n(n-1)/(2N)} (capped at 1) on the probability that two of {@code n}
   * distinct identities share a pseudonym in one domain and epoch.
   *
   * @param identities the number of distinct identities, {@code >= 0}
   * @return the bound, in [0, 1]
   * @throws IllegalArgumentException if {@code identities < 0}
   */
  public double collisionProbability(long identities) {
    if (identities < 0) {
      throw new IllegalArgumentException("identities must be >= 0, got " + identities);
    }
    double n = identities;
    // n(n-1)/2 / 2^bits, computed in log space so that 2^256 does not overflow a double.
    if (identities < 2) {
      return 0;
    }
    double log2 = Math.log(n) / Math.log(2) + Math.log(n - 1) / Math.log(2) - 1 - bits();
    return Math.min(1.0, Math.pow(2, log2));
  }

  /**
   * Encodes the first bits of a PRF output.
   *
   * @param prf at least 32 bytes of PRF output
   * @return the pseudonym
   */
  String encode(byte[] prf) {
    switch (kind) {
      case HEX:
        {
          byte[] out = new byte[length];
          for (int i = 0; i < length; i++) {
            int b = prf[i >> 1] & 0xff;
            out[i] = HEX[(i & 1) == 0 ? b >>> 4 : b & 0xf];
          }
          return ascii(out);
        }
      case CROCKFORD_BASE32:
        return crockford(prf);
      default:
        String s = new BigInteger(1, prf).mod(modulus).toString();
        return "0".repeat(length - s.length()) + s;
    }
  }

  /**
   * Crockford base 32 of the leading {@code 5 * length} bits, most significant first, zero-padded
   * past the end of {@code prf}. Hot path of every pseudonym: five input bytes make eight
   * characters, looked up two at a time in {@link #CROCKFORD_PAIRS} and stored as one long.
   */
  private String crockford(byte[] prf) {
    byte[] out = new byte[length];
    int i = 0;
    for (int in = 0; i < length; i += 8, in += 5) {
      long g = group40(prf, in);
      if (i + 8 <= length) {
        long chars =
            ((long) CROCKFORD_PAIRS[(int) (g >>> 30)] << 48)
                | ((long) CROCKFORD_PAIRS[(int) (g >>> 20) & 0x3ff] << 32)
                | ((long) CROCKFORD_PAIRS[(int) (g >>> 10) & 0x3ff] << 16)
                | CROCKFORD_PAIRS[(int) g & 0x3ff];
        LONG_BIG_ENDIAN.set(out, i, chars);
      } else {
        for (int k = 0; i + k < length; k++) {
          out[i + k] = CROCKFORD[(int) (g >>> (35 - 5 * k)) & 0x1f];
        }
      }
    }
    return ascii(out);
  }

  /**
   * A string of ASCII bytes. The deprecated constructor is exact for ASCII (high byte 0) and,
   * unlike {@code new String(bytes, ISO_8859_1)}, small enough for the JIT to inline into the hot
   * path.
   */
  @SuppressWarnings("deprecation")
  private static String ascii(byte[] chars) {
    return new String(chars, 0, 0, chars.length);
  }

  /** The 40 bits of {@code prf[in .. in+4]}, big-endian, zero-padded past the end. */
  private static long group40(byte[] prf, int in) {
    if (in + Long.BYTES <= prf.length) {
      return (long) LONG_BIG_ENDIAN.get(prf, in) >>> 24;
    }
    long g = 0;
    for (int k = 0; k < 5; k++) {
      g = (g << 8) | (in + k < prf.length ? prf[in + k] & 0xffL : 0);
    }
    return g;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PseudonymEncoding e && e.kind == kind && e.length == length;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + length;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + length + ")";
  }
}

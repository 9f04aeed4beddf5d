package io.privacity.crypto.envelope;

import java.time.Duration;

/**
 * How long one data key may be reused by a {@link SealingSession}: at most {@link #maxMessages()}
 * messages, {@link #maxBytes()} plaintext bytes and {@link #maxAge()} of wall-clock time, whichever
 * comes first.
 *
 * <p>Defaults ({@link #defaults()}): 2<sup>24</sup> messages, 2<sup>32</sup> bytes (4 GiB), one
 * hour. Nonces are a per-session random 32-bit prefix and a 64-bit counter, so they never repeat
 * under a key whatever the limits; the limits bound how much data one compromised session key
 * exposes, and keep AES-GCM far inside its usage bounds (2<sup>32</sup> bytes is 2<sup>28</sup>
 * blocks, a distinguishing advantage below 2<sup>-72</sup>). Immutable.
 */
public final class SessionLimits {
  /** Largest allowed {@code maxMessages}: 2<sup>32</sup>. */
  public static final long MESSAGES_CEILING = 1L << 32;

  /** Largest allowed {@code maxBytes}: 2<sup>36</sup> (64 GiB). */
  public static final long BYTES_CEILING = 1L << 36;

  /** Largest allowed {@code maxAge}: 30 days. */
  public static final Duration AGE_CEILING = Duration.ofDays(30);

  private static final SessionLimits DEFAULTS =
      new SessionLimits(1L << 24, 1L << 32, Duration.ofHours(1));

  private final long maxMessages;
  private final long maxBytes;
  private final Duration maxAge;

  private SessionLimits(long maxMessages, long maxBytes, Duration maxAge) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.maxAge = maxAge;
  }

  /**
   * Returns the default limits.
   *
   * @return 2<sup>24</sup> messages, 4 GiB, one hour
   */
  public static SessionLimits defaults() {
    return DEFAULTS;
  }

  /**
   * Creates limits.
   *
   * @param maxMessages messages per data key, in [1, 2<sup>32</sup>]
   * @param maxBytes plaintext bytes per data key, in [1, 2<sup>36</sup>]
   * @param maxAge lifetime of a data key, in (0, 30 days]
   * @return the limits
   * @throws IllegalArgumentException if a value is out of range or null
   */
  public static SessionLimits of(long maxMessages, long maxBytes, Duration maxAge) {
    if (maxMessages < 1 || maxMessages > MESSAGES_CEILING) {
      throw new IllegalArgumentException(
          "maxMessages must be in [1, " + MESSAGES_CEILING + "], got " + maxMessages);
    }
    if (maxBytes < 1 || maxBytes > BYTES_CEILING) {
      throw new IllegalArgumentException(
          "maxBytes must be in [1, " + BYTES_CEILING + "], got " + maxBytes);
    }
    if (maxAge == null
        || maxAge.isNegative()
        || maxAge.isZero()
        || maxAge.compareTo(AGE_CEILING) > 0) {
      throw new IllegalArgumentException("maxAge must be in (0, 30 days], got " + maxAge);
    }
    return new SessionLimits(maxMessages, maxBytes, maxAge);
  }

  /**
   * Returns the message limit.
   *
   * @return messages per data key
   */
  public long maxMessages() {
    return maxMessages;
  }

  /**
   * Returns the byte limit.
   *
   * @return plaintext bytes per data key
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Returns the age limit.
   *
   * @return lifetime of a data key
   */
  public Duration maxAge() {
    return maxAge;
  }

  @Override
  public String toString() {
    return "SessionLimits{maxMessages="
        + maxMessages
        + ", maxBytes="
        + maxBytes
        + ", maxAge="
        + maxAge
        + "}";
  }
}

package io.privacity.anonymize.mask;

import io.privacity.core.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shifts every date of one data subject by the same secret number of days, so that intervals within
 * a subject's records (length of stay, days between visits) are kept exactly while the calendar
 * dates are hidden.
 *
 * <h2>How the offset is chosen</h2>
 *
 * <p>The offset of a subject is a pseudorandom function of a secret key, a context string and the
 * subject's identifier, computed with HMAC-SHA256 from the JDK ({@link javax.crypto.Mac}):
 *
 * <pre>
 * for counter = 0, 1, 2, …:
 *   h = HMAC-SHA256(key, "privacity.date-shift.v1" ‖ 0x00 ‖ utf8(context) ‖ 0x00 ‖ utf8(subjectId)
 *                        ‖ 0x00 ‖ int32be(counter))
 *   v = the top ⌈log2(2·maxDays)⌉ bits of the first 8 bytes of h
 *   if v &lt; 2·maxDays: return v &lt; maxDays ? −(v + 1) : v − maxDays + 1
 * </pre>
 *
 * <p>Rejection sampling makes the offset exactly uniform on {@code [−maxDays, −1] ∪ [1, maxDays]}
 * (as far as HMAC-SHA256 is a PRF); zero is excluded so that no subject keeps its true dates. The
 * same key, context and subject always give the same offset; different contexts (for example two
 * data releases) give independent offsets, so shifted dates from two releases cannot be aligned by
 * their common offset. Each attempt is accepted with probability &gt; 1/2, so the expected number
 * of HMAC evaluations is below 2. Proof sketch: {@code docs/proofs/mondrian-mdav.md}.
 *
 * <h2>Security</h2>
 *
 * <p>Without the key, the offset of a subject is unpredictable; with it, anybody can undo the
 * shift, so keep the key as secret as the original dates (or destroy it after the release). The key
 * is never printed by {@link #toString()}.
 *
 * <p><b>Warning:</b> date shifting hides calendar dates, not patterns. It keeps intervals, the
 * order of events and (unless the shift is a multiple of 7) not the day of the week; a subject with
 * a distinctive sequence of events can still be recognized, and a shifted date is only known to lie
 * within {@code ±maxDays} of the true date. Combine it with k-anonymity of the other
 * quasi-identifiers.
 *
 * <p>Immutable and thread-safe ({@link Mac} instances are created per call).
 */
public final class DateShifter {
  /** The largest allowed {@code maxDays}: about 100 years. */
  public static final int MAX_DAYS_LIMIT = 36_525;

  /** The shortest accepted key, in bytes (128 bits). */
  public static final int MIN_KEY_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DOMAIN = "privacity.date-shift.v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKey key;
  private final int maxDays;
  private final byte[] context;
  private final String contextText;

  private DateShifter(SecretKey key, int maxDays, String context) {
    this.key = key;
    this.maxDays = maxDays;
    this.contextText = context;
    this.context = context.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A new random HMAC-SHA256 key (256 bits, from the JDK's default {@link
   * java.security.SecureRandom}).
   *
   * @return a fresh secret key
   */
  public static SecretKey generateKey() {
    try {
      KeyGenerator g = KeyGenerator.getInstance(ALGORITHM);
      g.init(256);
      return g.generateKey();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides no " + ALGORITHM, e);
    }
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The largest absolute shift, in days.
   *
   * @return {@code maxDays}
   */
  public int maxDays() {
    return maxDays;
  }

  /**
   * The offset, in days, applied to every date of one subject.
   *
   * @param subjectId the subject's identifier (e.g. a pseudonym), not blank
   * @return an offset in {@code [−maxDays, −1] ∪ [1, maxDays]}
   * @throws IllegalArgumentException if {@code subjectId} is null or blank
   */
  public int offsetDays(String subjectId) {
    byte[] subject = Checks.nonBlank("subjectId", subjectId).getBytes(StandardCharsets.UTF_8);
    long range = 2L * maxDays;
    int bits = 64 - Long.numberOfLeadingZeros(range - 1);
    Mac mac = newMac();
    for (int counter = 0; ; counter++) {
      mac.update(DOMAIN);
      mac.update((byte) 0);
      mac.update(context);
      mac.update((byte) 0);
      mac.update(subject);
      mac.update((byte) 0);
      mac.update(ByteBuffer.allocate(4).putInt(counter).array());
      long word = ByteBuffer.wrap(mac.doFinal()).getLong();
      long v = word >>> (64 - bits); // bits >= 1 because range >= 2
      if (v < range) {
        return (int) (v < maxDays ? -(v + 1) : v - maxDays + 1);
      }
    }
  }

  /**
   * Shifts a date.
   *
   * @param subjectId the subject's identifier, not blank
   * @param date the true date, not null
   * @return {@code date} plus the subject's offset
   * @throws IllegalArgumentException if an argument is null or blank
   */
  public LocalDate shift(String subjectId, LocalDate date) {
    Checks.notNull("date", date);
    return date.plusDays(offsetDays(subjectId));
  }

  /**
   * Shifts a date-time by whole days (the time of day is kept).
   *
   * @param subjectId the subject's identifier, not blank
   * @param dateTime the true date-time, not null
   * @return {@code dateTime} plus the subject's offset in days
   * @throws IllegalArgumentException if an argument is null or blank
   */
  public LocalDateTime shift(String subjectId, LocalDateTime dateTime) {
    Checks.notNull("dateTime", dateTime);
    return dateTime.plusDays(offsetDays(subjectId));
  }

  /**
   * Parses a date or date-time with {@code format}, shifts it and formats the result the same way.
   * If the pattern has a time of day it is parsed as a {@link LocalDateTime}, otherwise as a {@link
   * LocalDate}.
   *
   * @param subjectId the subject's identifier, not blank
   * @param value the text of the true date, e.g. {@code "2014-01-01 00:14:00"}
   * @param format how {@code value} is written, e.g. {@code DateTimeFormatter.ofPattern("yyyy-MM-dd
   *     HH:mm:ss")}
   * @return the shifted date in the same format
   * @throws IllegalArgumentException if an argument is null or blank, or {@code value} does not
   *     parse with {@code format} (the message names the value)
   */
  public String shiftText(String subjectId, String value, DateTimeFormatter format) {
    Checks.notNull("value", value);
    Checks.notNull("format", format);
    Temporal parsed;
    try {
      parsed = (Temporal) format.parseBest(value, LocalDateTime::from, LocalDate::from);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "value must be a date in the format " + format + ", got \"" + value + "\"", e);
    }
    Temporal shifted = parsed.plus(offsetDays(subjectId), ChronoUnit.DAYS);
    return format.format(shifted);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot initialize " + ALGORITHM, e);
    }
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "DateShifter[HMAC-SHA256, maxDays=" + maxDays + ", context=\"" + contextText + "\"]";
  }

  /** Builds a {@link DateShifter}; every setter validates at once. Not thread-safe. */
  public static final class Builder {
    private SecretKey key;
    private int maxDays = 0;
    private String context = "";

    private Builder() {}

    /**
     * The secret key (required). Use {@link DateShifter#generateKey()} for a new one.
     *
     * @param key an HMAC key of at least {@value DateShifter#MIN_KEY_BYTES} bytes
     * @return this builder
     * @throws IllegalArgumentException if the key is null, shorter than {@value
     *     DateShifter#MIN_KEY_BYTES} bytes, or not usable for HMAC-SHA256
     */
    public Builder key(SecretKey key) {
      Checks.notNull("key", key);
      byte[] encoded = key.getEncoded();
      if (encoded != null && encoded.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "key must have at least " + MIN_KEY_BYTES + " bytes, got " + encoded.length);
      }
      try {
        Mac.getInstance(ALGORITHM).init(key);
      } catch (InvalidKeyException e) {
        throw new IllegalArgumentException("key must be usable for " + ALGORITHM, e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK provides no " + ALGORITHM, e);
      }
      this.key = key;
      return this;
    }

    /**
     * The secret key as raw bytes (copied).
     *
     * @param keyBytes at least {@value DateShifter#MIN_KEY_BYTES} bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code keyBytes} is null or too short
     */
    public Builder key(byte[] keyBytes) {
      Checks.notNull("keyBytes", keyBytes);
      if (keyBytes.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "keyBytes must have at least " + MIN_KEY_BYTES + " bytes, got " + keyBytes.length);
      }
      return key(new SecretKeySpec(keyBytes.clone(), ALGORITHM));
    }

    /**
     * The largest absolute shift (required).
     *
     * @param maxDays in [1, {@value DateShifter#MAX_DAYS_LIMIT}]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxDays(int maxDays) {
      Checks.inRange("maxDays", maxDays, 1, MAX_DAYS_LIMIT);
      this.maxDays = maxDays;
      return this;
    }

    /**
     * A context that separates releases: the same key and subject give independent offsets in
     * different contexts. Default: the empty string.
     *
     * @param context e.g. {@code "trips-2014-release-1"}, not null
     * @return this builder
     * @throws IllegalArgumentException if {@code context} is null
     */
    public Builder context(String context) {
      this.context = Checks.notNull("context", context);
      return this;
    }

    /**
     * Builds the shifter.
     *
     * @return an immutable, thread-safe shifter
     * @throws IllegalStateException if the key or {@code maxDays} is not set
     */
    public DateShifter build() {
      Checks.state(key != null, "key must be set");
      Checks.state(maxDays > 0, "maxDays must be set");
      return new DateShifter(key, maxDays, context);
    }
  }
}

package io.privacity.anonymize.mask;

import io.privacity.core.internal.Checks;

/**
 * Replaces every value by one fixed token, e.g. {@code "[REDACTED]"}.
 *
 * <p>Redaction removes the value entirely: the output does not depend on the input at all, not even
 * on its length or on whether it was empty. Use it for direct identifiers (names, card numbers,
 * free text) that the release does not need.
 *
 * <p>Immutable and thread-safe.
 */
public final class Redaction implements FieldMask {
  /** The token used by {@link #standard()}. */
  public static final String STANDARD_TOKEN = "[REDACTED]";

  private static final Redaction STANDARD = new Redaction(STANDARD_TOKEN);

  private final String token;

  private Redaction(String token) {
    this.token = token;
  }

  /**
   * Redaction to {@value #STANDARD_TOKEN}.
   *
   * @return the standard redaction
   */
  public static Redaction standard() {
    return STANDARD;
  }

  /**
   * Redaction to a chosen token.
   *
   * @param token the replacement for every value; may be empty (to blank the field), not null
   * @return the redaction
   * @throws IllegalArgumentException if {@code token} is null
   */
  public static Redaction withToken(String token) {
    return new Redaction(Checks.notNull("token", token));
  }

  /**
   * The replacement token.
   *
   * @return the token every value is replaced by
   */
  public String token() {
    return token;
  }

  /**
   * Returns the token, whatever the value.
   *
   * @param value the original value, not null
   * @return {@link #token()}
   * @throws IllegalArgumentException if {@code value} is null
   */
  @Override
  public String apply(String value) {
    Checks.notNull("value", value);
    return token;
  }

  @Override
  public String toString() {
    return "Redaction[token=\"" + token + "\"]";
  }
}

package io.privacity.core.policy;

import io.privacity.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * A principal's claim to use data for a purpose, with its justification (a warrant reference, a
 * ticket, a legal basis) and a validity window {@code [issuedAt, expiresAt)}. An immutable value,
 * built with {@link #builder()}.
 *
 * <p>An authorization is what the caller presents to {@link AccessPolicy#check(Authorization,
 * String)}; the policy then decides whether its principal's roles allow that purpose on the
 * resource. Issuing authorizations (who may sign a warrant) is outside this class: the caller must
 * build them only from a trusted source.
 */
public final class Authorization {
  private final Principal principal;
  private final Purpose purpose;
  private final String justification;
  private final Instant issuedAt;
  private final Instant expiresAt;

  private Authorization(Builder b) {
    this.principal = b.principal;
    this.purpose = b.purpose;
    this.justification = b.justification;
    this.issuedAt = b.issuedAt;
    this.expiresAt = b.expiresAt;
  }

  /**
   * A builder; principal, purpose, justification, issue and expiry time are all required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Who is authorized.
   *
   * @return the principal
   */
  public Principal principal() {
    return principal;
  }

  /**
   * For what purpose.
   *
   * @return the purpose
   */
  public Purpose purpose() {
    return purpose;
  }

  /**
   * Why, e.g. a warrant reference; recorded in the ledger with every decision.
   *
   * @return the justification
   */
  public String justification() {
    return justification;
  }

  /**
   * Start of validity (inclusive).
   *
   * @return the issue time
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * End of validity (exclusive).
   *
   * @return the expiry time
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Whether {@code issuedAt <= time < expiresAt}.
   *
   * @param time the instant to test
   * @return true if valid then
   * @throws IllegalArgumentException if {@code time} is null
   */
  public boolean isValidAt(Instant time) {
    Checks.notNull("time", time);
    return !time.isBefore(issuedAt) && time.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "Authorization["
        + principal.id()
        + " for "
        + purpose
        + ", "
        + justification
        + ", "
        + issuedAt
        + " .. "
        + expiresAt
        + "]";
  }

  /** Builds an {@link Authorization}; each setter validates its argument at once. */
  public static final class Builder {
    private Principal principal;
    private Purpose purpose;
    private String justification;
    private Instant issuedAt;
    private Instant expiresAt;

    private Builder() {}

    /**
     * Sets who is authorized.
     *
     * @param principal the principal
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder principal(Principal principal) {
      this.principal = Checks.notNull("principal", principal);
      return this;
    }

    /**
     * Sets the purpose.
     *
     * @param purpose the purpose
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder purpose(Purpose purpose) {
      this.purpose = Checks.notNull("purpose", purpose);
      return this;
    }

    /**
     * Sets the justification, e.g. {@code "warrant 2026/4711, district court"}.
     *
     * @param justification non-blank text without control characters
     * @return this builder
     * @throws IllegalArgumentException if null, blank or containing control characters
     */
    public Builder justification(String justification) {
      Checks.nonBlank("justification", justification);
      if (justification.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("justification must not contain control characters");
      }
      this.justification = justification;
      return this;
    }

    /**
     * Sets the start of validity.
     *
     * @param issuedAt the issue time (inclusive)
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = Checks.notNull("issuedAt", issuedAt);
      return this;
    }

    /**
     * Sets the end of validity.
     *
     * @param expiresAt the expiry time (exclusive), after {@code issuedAt}
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = Checks.notNull("expiresAt", expiresAt);
      return this;
    }

    /**
     * Sets the validity window to {@code [issuedAt, issuedAt + duration)}.
     *
     * @param issuedAt the issue time
     * @param duration how long it is valid, &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if an argument is null or the duration is not positive
     */
    public Builder validFor(Instant issuedAt, Duration duration) {
      Checks.notNull("duration", duration);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be > 0, got " + duration);
      }
      issuedAt(issuedAt);
      return expiresAt(issuedAt.plus(duration));
    }

    /**
     * Builds the authorization.
     *
     * @return the authorization
     * @throws IllegalStateException if a field is unset or {@code expiresAt <= issuedAt}
     */
    public Authorization build() {
      Checks.state(principal != null, "principal must be set");
      Checks.state(purpose != null, "purpose must be set");
      Checks.state(justification != null, "justification must be set");
      Checks.state(issuedAt != null, "issuedAt must be set");
      Checks.state(expiresAt != null, "expiresAt must be set");
      Checks.state(
          expiresAt.isAfter(issuedAt),
          "expiresAt must be after issuedAt, got issuedAt "
              + issuedAt
              + ", expiresAt "
              + expiresAt);
      return new Authorization(this);
    }
  }
}

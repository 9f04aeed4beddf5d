package io.privacity.crypto.pseudonym;

import java.util.regex.Pattern;

/**
 * A pseudonymisation domain: a name (the context, such as {@code parking-enforcement}), how often
 * its key rotates, how identifiers are canonicalized and how pseudonyms are encoded. Pseudonyms of
 * one identity in two domains are unrelated: each domain has its own key, derived by HKDF from the
 * master keyset with the domain name as context (ENISA 2019, §5.2: domain-specific pseudonyms).
 *
 * <p>Built with {@link #builder(String)}; {@link Builder#build()} checks that the encoding's
 * collision bound for the expected number of identities does not exceed the allowed maximum.
 * Immutable and thread-safe.
 */
public final class PseudonymDomain {
  static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

  private final String name;
  private final EpochRotation rotation;
  private final Canonicalizer canonicalizer;
  private final PseudonymEncoding encoding;
  private final long expectedIdentities;
  private final double maxCollisionProbability;

  private PseudonymDomain(Builder b) {
    this.name = b.name;
    this.rotation = b.rotation;
    this.canonicalizer = b.canonicalizer;
    this.encoding = b.encoding;
    this.expectedIdentities = b.expectedIdentities;
    this.maxCollisionProbability = b.maxCollisionProbability;
  }

  /**
   * A builder with defaults: {@link EpochRotation#NEVER}, {@link Canonicalizer#trimmed()}, 26
   * Crockford base-32 characters (130 bits), 10<sup>7</sup> expected identities, collision bound at
   * most 10<sup>-9</sup>.
   *
   * @param name the domain name: lower-case letters and digits, optionally separated by single
   *     {@code .}, {@code _} or {@code -}, at most 64 characters
   * @return a new builder
   * @throws IllegalArgumentException if the name is null or malformed
   */
  public static Builder builder(String name) {
    return new Builder(checkName("name", name));
  }

  static String checkName(String parameter, String name) {
    if (name == null) {
      throw new IllegalArgumentException(parameter + " must be a domain name, got null");
    }
    if (name.length() > 64 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          parameter
              + " must be 1-64 lower-case letters and digits separated by single '.', '_' or '-'"
              + " (e.g. \"parking-enforcement\"), got \""
              + name
              + "\"");
    }
    return name;
  }

  /**
   * The name.
   *
   * @return the domain name
   */
  public String name() {
    return name;
  }

  /**
   * The key rotation.
   *
   * @return the rotation
   */
  public EpochRotation rotation() {
    return rotation;
  }

  /**
   * The input canonicalizer.
   *
   * @return the canonicalizer
   */
  public Canonicalizer canonicalizer() {
    return canonicalizer;
  }

  /**
   * The output encoding.
   *
   * @return the encoding
   */
  public PseudonymEncoding encoding() {
    return encoding;
  }

  /**
   * The number of distinct identities per epoch the collision bound was checked for.
   *
   * @return the expected identities
   */
  public long expectedIdentities() {
    return expectedIdentities;
  }

  /**
   * The largest collision probability accepted for {@link #expectedIdentities()}.
   *
   * @return the maximum
   */
  public double maxCollisionProbability() {
    return maxCollisionProbability;
  }

  @Override
  public String toString() {
    return "PseudonymDomain["
        + name
        + ", "
        + rotation
        + ", "
        + encoding
        + ", collision bound "
        + encoding.collisionProbability(expectedIdentities)
        + " for "
        + expectedIdentities
        + " identities]";
  }

  /** Builds a {@link PseudonymDomain}; each setter validates its argument at once. */
  public static final class Builder {
    private final String name;
    private EpochRotation rotation = EpochRotation.NEVER;
    private Canonicalizer canonicalizer = Canonicalizer.trimmed();
    private PseudonymEncoding encoding = PseudonymEncoding.crockfordBase32(26);
    private long expectedIdentities = 10_000_000L;
    private double maxCollisionProbability = 1e-9;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the key rotation.
     *
     * @param rotation how often pseudonyms change
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder rotation(EpochRotation rotation) {
      if (rotation == null) {
        throw new IllegalArgumentException("rotation must not be null");
      }
      this.rotation = rotation;
      return this;
    }

    /**
     * Sets the canonicalizer applied to every identifier.
     *
     * @param canonicalizer the canonicalizer
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder canonicalizer(Canonicalizer canonicalizer) {
      if (canonicalizer == null) {
        throw new IllegalArgumentException("canonicalizer must not be null");
      }
      this.canonicalizer = canonicalizer;
      return this;
    }

    /**
     * Sets the encoding.
     *
     * @param encoding the encoding
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder encoding(PseudonymEncoding encoding) {
      if (encoding == null) {
        throw new IllegalArgumentException("encoding must not be null");
      }
      this.encoding = encoding;
      return this;
    }

    /**
     * Declares how many distinct identities one epoch may see and the largest acceptable
     * probability that any two of them share a pseudonym.
     *
     * @param identities the expected identities, {@code >= 1}
     * @param maxProbability the maximum collision probability, in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder collisionBound(long identities, double maxProbability) {
      if (identities < 1) {
        throw new IllegalArgumentException("identities must be >= 1, got " + identities);
      }
      if (!(maxProbability > 0 && maxProbability < 1)) {
        throw new IllegalArgumentException(
            "maxProbability must be in (0, 1), got " + maxProbability);
      }
      this.expectedIdentities = identities;
      this.maxCollisionProbability = maxProbability;
      return this;
    }

    /**
     * Builds the domain.
     *
     * @return the domain
     * @throws IllegalArgumentException if the encoding's collision bound for the expected
     *     identities exceeds the maximum
     */
    public PseudonymDomain build() {
      double p = encoding.collisionProbability(expectedIdentities);
      if (p > maxCollisionProbability) {
        throw new IllegalArgumentException(
            "encoding "
                + encoding
                + " has collision bound "
                + p
                + " for "
                + expectedIdentities
                + " identities in domain "
                + name
                + ", above the maximum "
                + maxCollisionProbability
                + "; use a longer encoding");
      }
      return new PseudonymDomain(this);
    }
  }
}

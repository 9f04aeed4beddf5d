package io.privacity.spark;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.privacity.core.internal.Checks;
import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Keyed, domain- and epoch-separated pseudonyms as a Spark column function: {@link
 * #pseudonymize(String, Column, Column)} turns an identifier column into exactly the pseudonyms
 * {@link Pseudonymizer#pseudonymize(String, String, Instant)} gives for the same master keyset,
 * domain and time — HMAC-SHA256 under an HKDF-derived key per domain and epoch, computed on the
 * executors by a {@link Pseudonymizer} rebuilt there from the same keyset.
 *
 * <pre>{@code
 * try (SparkPseudonymizer p = SparkPseudonymizer.builder(spark)
 *     .masterKeyset(keyset)                          // from your KMS-encrypted keyset file
 *     .domain(() -> PseudonymDomain.builder("parking")
 *         .rotation(EpochRotation.DAILY).canonicalizer(Canonicalizer.licencePlate()).build())
 *     .build()) {
 *   events.withColumn("plate", p.pseudonymize("parking", col("plate"), col("seen_at")))
 *       .write().parquet("out/events");
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <p>Those of {@link Pseudonymizer}: without the master keyset, pseudonyms are indistinguishable
 * from random strings; pseudonyms of one identity in two domains or two epochs are unrelated.
 *
 * <p><b>Warning — the executors hold the key.</b> Computing a keyed pseudonym needs the key where
 * the data is: the master keyset is serialized (cleartext, through Tink's {@code
 * InsecureSecretKeyAccess}) into one Spark broadcast variable, which every executor that runs the
 * column function fetches and keeps in memory (Spark's block manager may also spill it to local
 * disk). Anyone who controls an executor, or reads its memory, spill files or the broadcast in
 * transit, can compute pseudonyms of identifiers it guesses. Therefore: run only on a cluster you
 * trust with the keyset; enable {@code spark.authenticate}, {@code spark.network.crypto.enabled}
 * and {@code spark.io.encryption.enabled}; and {@link #close()} the pseudonymizer when done, which
 * destroys the broadcast on every executor (columns built from it then fail instead of running).
 * The keyset never appears in a query plan, a log line or {@code toString}; a canonicalizer's
 * rejection is reported without the identifier.
 *
 * <p>Nulls propagate (a null identifier gives a null pseudonym), as in SQL. Thread-safe until
 * closed.
 *
 * <p>References: H. Krawczyk, P. Eronen. HMAC-based Extract-and-Expand Key Derivation Function
 * (HKDF). RFC 5869, 2010; ENISA. <i>Pseudonymisation techniques and best practices</i>, 2019, §5.2
 * and §6 (keyed hashing, domain separation).
 */
public final class SparkPseudonymizer implements AutoCloseable {
  /** Builds the domains on each executor: a serializable factory of a {@link PseudonymDomain}. */
  @FunctionalInterface
  public interface DomainFactory extends Serializable {
    /**
     * Builds the domain (same result on every call).
     *
     * @return the domain
     */
    PseudonymDomain build();
  }

  private final Broadcast<KeyMaterial> key;
  private final Set<String> domains;
  private final Clock clock;
  private volatile boolean closed;

  private SparkPseudonymizer(Builder b, Broadcast<KeyMaterial> key, Set<String> domains) {
    this.key = key;
    this.domains = domains;
    this.clock = b.clock;
  }

  /**
   * A builder; the master keyset and at least one domain are required.
   *
   * @param spark the session whose executors compute the pseudonyms
   * @return a new builder
   * @throws IllegalArgumentException if spark is null
   */
  public static Builder builder(SparkSession spark) {
    return new Builder(Checks.notNull("spark", spark));
  }

  /**
   * The configured domain names.
   *
   * @return an immutable set
   */
  public Set<String> domains() {
    return domains;
  }

  /**
   * A column of pseudonyms of {@code identifier} in {@code domain}, the epoch of each row chosen by
   * its {@code time}.
   *
   * @param domain a configured domain
   * @param identifier a string column (canonicalized by the domain) or a binary column (used as is,
   *     as {@link Pseudonymizer#pseudonymize(String, byte[], Instant)})
   * @param time a timestamp column: when each identifier was observed
   * @return the pseudonym column (string)
   * @throws IllegalArgumentException if the domain is unknown or a column is null
   * @throws IllegalStateException if closed
   */
  public Column pseudonymize(String domain, Column identifier, Column time) {
    checkDomain(domain);
    Checks.notNull("identifier", identifier);
    Checks.notNull("time", time);
    return udf(domain, null).apply(identifier, time);
  }

  /**
   * A column of pseudonyms of {@code identifier} in {@code domain} for the current epoch, taken
   * once, now, from this pseudonymizer's clock on the driver (every row gets the same epoch).
   *
   * @param domain a configured domain
   * @param identifier a string or binary column
   * @return the pseudonym column (string)
   * @throws IllegalArgumentException if the domain is unknown or the column is null
   * @throws IllegalStateException if closed
   */
  public Column pseudonymize(String domain, Column identifier) {
    checkDomain(domain);
    Checks.notNull("identifier", identifier);
    return udf(domain, clock.instant()).apply(identifier, functions.lit(null).cast("timestamp"));
  }

  private void checkDomain(String domain) {
    if (closed) {
      throw new IllegalStateException("this SparkPseudonymizer is closed");
    }
    if (domain == null || !domains.contains(domain)) {
      throw new IllegalArgumentException(
          "domain must be one of "
              + domains
              + ", got "
              + (domain == null ? "null" : "\"" + domain + "\""));
    }
  }

  private UserDefinedFunction udf(String domain, Instant fixed) {
    return functions
        .udf(new PseudonymUdf(key, domain, fixed), DataTypes.StringType)
        .withName("pseudonymize_" + domain.replaceAll("[^a-z0-9]", "_"));
  }

  /**
   * Destroys the key's broadcast on the driver and every executor; columns made by this
   * pseudonymizer can no longer be computed. Idempotent.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      key.destroy();
    }
  }

  @Override
  public String toString() {
    return "SparkPseudonymizer[domains " + domains + (closed ? ", closed" : "") + "]";
  }

  /** The keyset bytes and the domain factories, broadcast once. */
  private static final class KeyMaterial implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] keyset;
    private final List<DomainFactory> factories;

    KeyMaterial(byte[] keyset, List<DomainFactory> factories) {
      this.keyset = keyset;
      this.factories = factories;
    }

    Pseudonymizer pseudonymizer() {
      try {
        Pseudonymizer.Builder b =
            Pseudonymizer.builder()
                .masterKeyset(
                    TinkProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get()));
        for (DomainFactory f : factories) {
          b.domain(f.build());
        }
        return b.build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the broadcast master keyset does not parse", e);
      }
    }

    @Override
    public String toString() {
      return "KeyMaterial[redacted]";
    }
  }

  /** The column function: one Pseudonymizer per deserialized copy (per task), built lazily. */
  private static final class PseudonymUdf implements UDF2<Object, Object, String> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<KeyMaterial> key;
    private final String domain;
    private final Instant fixed;
    private transient Pseudonymizer pseudonymizer;

    PseudonymUdf(Broadcast<KeyMaterial> key, String domain, Instant fixed) {
      this.key = key;
      this.domain = domain;
      this.fixed = fixed;
    }

    @Override
    public String call(Object identifier, Object time) {
      if (identifier == null) {
        return null;
      }
      Instant at = fixed;
      if (at == null) {
        if (time == null) {
          return null;
        }
        at = time instanceof Timestamp ? ((Timestamp) time).toInstant() : (Instant) time;
      }
      if (pseudonymizer == null) {
        pseudonymizer = key.value().pseudonymizer();
      }
      try {
        return identifier instanceof byte[]
            ? pseudonymizer.pseudonymize(domain, (byte[]) identifier, at)
            : pseudonymizer.pseudonymize(domain, identifier.toString(), at);
      } catch (IllegalArgumentException e) {
        // The canonicalizer's message quotes the identifier: personal data, not for Spark's logs.
        throw new IllegalArgumentException(
            "an identifier of domain \""
                + domain
                + "\" is empty or rejected by its canonicalizer (the value is not shown: it is"
                + " personal data)");
      }
    }
  }

  /** Builds a {@link SparkPseudonymizer}. */
  public static final class Builder {
    private final SparkSession spark;
    private KeysetHandle keyset;
    private final List<DomainFactory> factories = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder(SparkSession spark) {
      this.spark = spark;
    }

    /**
     * The master keyset (an HKDF-SHA256 PRF keyset, as {@link Pseudonymizer#generateMasterKeyset()}
     * makes): the same keyset gives the same pseudonyms as a {@link Pseudonymizer} built from it.
     *
     * @param keyset the keyset
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder masterKeyset(KeysetHandle keyset) {
      this.keyset = Checks.notNull("masterKeyset", keyset);
      return this;
    }

    /**
     * Adds a domain, built on the driver (to check it) and again on each executor.
     *
     * @param factory a serializable factory, e.g. a lambda {@code () ->
     *     PseudonymDomain.builder("parking").build()}
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder domain(DomainFactory factory) {
      factories.add(Checks.notNull("domain", factory));
      return this;
    }

    /**
     * The clock of {@link SparkPseudonymizer#pseudonymize(String, Column)} (default system UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Checks the keyset and domains on the driver (a {@link Pseudonymizer} is built from them),
     * then broadcasts them.
     *
     * @return the pseudonymizer
     * @throws IllegalStateException if no keyset or no domain was set
     * @throws IllegalArgumentException if the keyset is not an HKDF PRF keyset, or domain names
     *     repeat
     */
    public SparkPseudonymizer build() {
      Checks.state(keyset != null, "masterKeyset(...) must be set before build()");
      Checks.state(!factories.isEmpty(), "at least one domain(...) must be added before build()");
      byte[] bytes;
      try {
        bytes = TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("masterKeyset cannot be serialized", e);
      }
      KeyMaterial material = new KeyMaterial(bytes, List.copyOf(factories));
      Pseudonymizer check = material.pseudonymizer(); // fails here, on the driver, if invalid
      Set<String> names = new LinkedHashSet<>(check.domains());
      Broadcast<KeyMaterial> b =
          JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(material);
      return new SparkPseudonymizer(this, b, Set.copyOf(names));
    }
  }
}

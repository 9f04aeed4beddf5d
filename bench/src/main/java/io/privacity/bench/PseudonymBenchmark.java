package io.privacity.bench;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.PrfHmacJce;
import com.google.crypto.tink.util.SecretBytes;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.core.policy.Authorization;
import io.privacity.core.policy.Principal;
import io.privacity.core.policy.Purpose;
import io.privacity.core.random.Randomness;
import io.privacity.crypto.pseudonym.EpochRotation;
import io.privacity.crypto.pseudonym.PseudonymDomain;
import io.privacity.crypto.pseudonym.PseudonymEncoding;
import io.privacity.crypto.pseudonym.PseudonymVault;
import io.privacity.crypto.pseudonym.Pseudonymizer;
import io.privacity.crypto.pseudonym.TokenPolicy;
import io.privacity.crypto.pseudonym.VaultStore;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pseudonyms per second ({@link Pseudonymizer}: HKDF-derived per-domain key, Tink HMAC-SHA256,
 * Crockford base-32 encoding) beside raw JCA HMAC-SHA256 on the same 16-byte ids; and vault
 * tokenize / re-identify per second on H2 (and PostgreSQL when {@code PRIVACITY_PG_URL} is set;
 * otherwise the {@code postgresql} param fails its set-up with a message and JMH moves on) beside
 * raw JDBC on the same store. Targets in bench/targets.tsv.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PseudonymBenchmark {
  private static final int IDS = 1024;
  private static final Instant TIME = Instant.parse("2026-11-27T08:00:00Z");

  /** 1024 random 16-byte ids, a pseudonymizer and a raw JCA HMAC with a key of the same size. */
  @State(Scope.Thread)
  public static class Ids {
    byte[][] ids = new byte[IDS][16];
    int next;
    Pseudonymizer pseudonymizer;
    Mac mac;
    Prf tinkPrf;

    /**
     * Builds the ids and keys.
     *
     * @throws GeneralSecurityException never on a standard JRE
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
      Randomness r = Randomness.insecureSeeded(7); // benchmark inputs only
      for (byte[] id : ids) {
        r.nextBytes(id);
      }
      pseudonymizer =
          Pseudonymizer.builder()
              .masterKeyset(Pseudonymizer.generateMasterKeyset())
              .domain(
                  PseudonymDomain.builder("parking")
                      .rotation(EpochRotation.DAILY)
                      .encoding(PseudonymEncoding.crockfordBase32(26))
                      .build())
              .build();
      byte[] key = new byte[32];
      Randomness.secure().nextBytes(key);
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      tinkPrf =
          PrfHmacJce.create(
              HmacPrfKey.builder()
                  .setParameters(
                      HmacPrfParameters.builder()
                          .setKeySizeBytes(32)
                          .setHashType(HmacPrfParameters.HashType.SHA256)
                          .build())
                  .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                  .build());
    }

    byte[] next() {
      return ids[next++ & (IDS - 1)];
    }
  }

  /**
   * One pseudonym of a 16-byte id (daily epoch, 26 base-32 characters).
   *
   * @param s the ids
   * @return the pseudonym
   */
  @Benchmark
  public String pseudonymize(Ids s) {
    return s.pseudonymizer.pseudonymize("parking", s.next(), TIME);
  }

  /**
   * Baseline: raw JCA HMAC-SHA256 of the same id with a prepared {@link Mac}.
   *
   * @param s the ids
   * @return the 32-byte MAC
   */
  @Benchmark
  public byte[] baselineJcaHmac(Ids s) {
    return s.mac.doFinal(s.next());
  }

  /**
   * Baseline: Tink's HMAC-SHA256 PRF alone (what the pseudonymizer calls), without domain, epoch or
   * encoding: separates Tink's own cost from the pseudonymizer's.
   *
   * @param s the ids
   * @return the 32-byte PRF output
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public byte[] baselineTinkHmacPrf(Ids s) throws GeneralSecurityException {
    return s.tinkPrf.compute(s.next(), 32);
  }

  /** A vault over a fresh H2 file database or PostgreSQL schema, with 1024 tokens. */
  @State(Scope.Benchmark)
  public static class Vault {
    /** Which store. */
    @Param({"h2", "postgresql"})
    public String store;

    PseudonymVault vault;
    String[] plates = new String[IDS];
    String[] tokens = new String[IDS];
    Authorization warrant;
    BenchDatabase db;
    String url;
    Connection raw;
    PreparedStatement rawInsert;
    PreparedStatement rawSelect;
    long rawCounter;
    int next;

    /**
     * Opens the store and tokenizes 1024 plates.
     *
     * @throws Exception if the store cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      db = new BenchDatabase(store);
      VaultStore vs = db.store;
      url = db.url;
      Purpose law = Purpose.of("law-enforcement");
      vault =
          PseudonymVault.builder()
              .store(vs)
              .keyEncryptionKeyset(PseudonymVault.generateKeyEncryptionKeyset())
              .indexKeyset(PseudonymVault.generateIndexKeyset())
              .domain("parking-enforcement", TokenPolicy.DETERMINISTIC, Duration.ofDays(30))
              .domain("parking-events", TokenPolicy.FULLY_RANDOMISED, Duration.ofDays(1))
              .accessPolicy(
                  AccessPolicy.builder()
                      .allow("police-officer", law, "parking-enforcement")
                      .build())
              .ledger(TransparencyLedger.inMemory())
              .rateLimit(Integer.MAX_VALUE, Duration.ofMillis(1))
              .build();
      for (int i = 0; i < IDS; i++) {
        plates[i] = String.format(Locale.ROOT, "B%06d", i);
        tokens[i] = vault.tokenize("parking-enforcement", plates[i]);
      }
      warrant =
          Authorization.builder()
              .principal(Principal.of("officer-1", "police-officer"))
              .purpose(law)
              .justification("benchmark")
              .issuedAt(Instant.now().minus(Duration.ofDays(1)))
              .expiresAt(Instant.now().plus(Duration.ofDays(1)))
              .build();
      raw = DriverManager.getConnection(url);
      try (Statement st = raw.createStatement()) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT PRIMARY KEY, v VARCHAR(64) NOT NULL)");
      }
      rawInsert = raw.prepareStatement("INSERT INTO bench_raw (id, v) VALUES (?, ?)");
      rawSelect = raw.prepareStatement("SELECT v FROM bench_raw WHERE id = ?");
      for (int i = 0; i < IDS; i++) {
        rawInsert.setLong(1, -1 - i);
        rawInsert.setString(2, plates[i]);
        rawInsert.executeUpdate();
      }
    }

    /**
     * Closes and deletes the databases.
     *
     * @throws Exception if cleaning up fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      raw.close();
      vault.close();
      db.delete();
    }

    int nextIndex() {
      return next++ & (IDS - 1);
    }
  }

  /**
   * Deterministic tokenize of a plate the vault already holds (the common case for a camera
   * stream): one keyed lookup and one indexed select.
   *
   * @param v the vault
   * @return the token
   */
  @Benchmark
  public String vaultTokenizeKnown(Vault v) {
    return v.vault.tokenize("parking-enforcement", v.plates[v.nextIndex()]);
  }

  /**
   * Fully randomised tokenize: a new token each call (subject lookup, AES-GCM under the subject
   * key, one committed insert).
   *
   * @param v the vault
   * @return the token
   */
  @Benchmark
  public String vaultTokenizeNew(Vault v) {
    return v.vault.tokenize("parking-events", v.plates[v.nextIndex()]);
  }

  /**
   * Authorized re-identification: rate limit, policy check, two selects, subject-key unwrap,
   * AES-GCM decryption, and a ledger entry.
   *
   * @param v the vault
   * @return the identity
   * @throws GeneralSecurityException never for untampered data
   */
  @Benchmark
  public String vaultReidentify(Vault v) throws GeneralSecurityException {
    return v.vault.reidentify("parking-enforcement", v.tokens[v.nextIndex()], v.warrant);
  }

  /**
   * Baseline: one committed raw JDBC insert of a short row on the same database.
   *
   * @param v the vault
   * @return rows inserted
   * @throws SQLException on a database error
   */
  @Benchmark
  public int baselineJdbcInsert(Vault v) throws SQLException {
    v.rawInsert.setLong(1, v.rawCounter++);
    v.rawInsert.setString(2, "B000000");
    return v.rawInsert.executeUpdate();
  }

  /**
   * Baseline: one raw JDBC select by primary key on the same database.
   *
   * @param v the vault
   * @return the value
   * @throws SQLException on a database error
   */
  @Benchmark
  public String baselineJdbcSelect(Vault v) throws SQLException {
    v.rawSelect.setLong(1, -1 - v.nextIndex());
    try (ResultSet rs = v.rawSelect.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}

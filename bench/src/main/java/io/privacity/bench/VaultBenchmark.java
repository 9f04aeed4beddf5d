package io.privacity.bench;

import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.crypto.pseudonym.PseudonymVault;
import io.privacity.crypto.pseudonym.TokenPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The vault's bulk and erasure paths. {@code tokenizeAll} of 10,000 new plates per call beside
 * tokenizing the same number one by one (both identities per second, on H2; target in
 * bench/targets.tsv); and {@code forget} of one subject in a vault of {@code subjects} subjects on
 * H2 and PostgreSQL (when {@code PRIVACITY_PG_URL} is set), reported as time per erasure beside one
 * committed raw JDBC insert on the same database (informative: an erasure rewraps about subjects/64
 * rows per domain in one durable transaction and forces the key file twice; on H2 it also rewrites
 * the database file, so that no old copy of the forgotten rows remains in it) and {@code forgetAll}
 * of 100 subjects per call, per subject.
 */
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class VaultBenchmark {
  private static final int BATCH = 10_000;

  /** A fresh vault with open stores; deletes everything at the end. */
  abstract static class Base {
    PseudonymVault vault;
    BenchDatabase db;
    String url;

    PseudonymVault open(String store) throws Exception {
      db = new BenchDatabase(store);
      url = db.url;
      return PseudonymVault.builder()
          .store(db.store)
          .keyEncryptionKeyset(PseudonymVault.generateKeyEncryptionKeyset())
          .indexKeyset(PseudonymVault.generateIndexKeyset())
          .domain("parking-enforcement", TokenPolicy.DETERMINISTIC, Duration.ofDays(30))
          .accessPolicy(AccessPolicy.builder().build())
          .ledger(TransparencyLedger.inMemory())
          .build();
    }

    void close() throws Exception {
      vault.close();
      db.delete();
    }
  }

  /** An H2 vault that receives 10,000 never-seen plates per call. */
  @State(Scope.Benchmark)
  public static class Batch extends Base {
    long next;

    /**
     * Opens the vault.
     *
     * @throws Exception if it cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      vault = open("h2");
    }

    /**
     * Closes and deletes it.
     *
     * @throws Exception if cleaning up fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      close();
    }

    List<String> freshPlates() {
      List<String> plates = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        plates.add(String.format(Locale.ROOT, "N%09d", next++));
      }
      return plates;
    }
  }

  /**
   * 10,000 new plates in one {@code tokenizeAll} call: per-bucket lookups, one scan of the
   * subjects, one transaction.
   *
   * @param b the vault
   * @return the tokens
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public List<String> tokenizeAll(Batch b) {
    return b.vault.tokenizeAll("parking-enforcement", b.freshPlates());
  }

  /**
   * Baseline: the same 10,000 new plates tokenized one by one (what a user without the batch call
   * writes).
   *
   * @param b the vault
   * @return the last token
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public String baselineTokenizeOneByOne(Batch b) {
    String last = null;
    for (String p : b.freshPlates()) {
      last = b.vault.tokenize("parking-enforcement", p);
    }
    return last;
  }

  /** A vault of {@code subjects} subjects, whose subjects are forgotten one per call. */
  @State(Scope.Benchmark)
  public static class Erasure extends Base {
    /** Which store. */
    @Param({"h2", "postgresql"})
    public String store;

    /**
     * Subjects in the vault. 10^4 by default so that CI's smoke run stays short (filling takes
     * about a second per 10^4 subjects on a quiet machine); the figure is taken with {@code
     * -p subjects=100000}.
     */
    @Param({"10000"})
    public int subjects;

    int next;
    Connection raw;
    PreparedStatement rawInsert;
    long rawCounter;

    /**
     * Opens the vault and fills it with {@code subjects} plates (in batches).
     *
     * @throws Exception if the store cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      vault = open(store);
      for (int from = 0; from < subjects; from += BATCH) {
        List<String> plates = new ArrayList<>();
        for (int i = from; i < Math.min(subjects, from + BATCH); i++) {
          plates.add(plate(i));
        }
        vault.tokenizeAll("parking-enforcement", plates);
      }
      raw = DriverManager.getConnection(url);
      try (Statement st = raw.createStatement()) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT PRIMARY KEY, v VARCHAR(64) NOT NULL)");
      }
      rawInsert = raw.prepareStatement("INSERT INTO bench_raw (id, v) VALUES (?, ?)");
    }

    /**
     * Closes and deletes the databases.
     *
     * @throws Exception if cleaning up fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      raw.close();
      close();
    }

    static String plate(int i) {
      return String.format(Locale.ROOT, "E%08d", i);
    }
  }

  /**
   * Forgets one subject of the vault: finds it in the registered domains, rotates its bucket
   * (rewraps about subjects/64 rows in one durable transaction), overwrites the old key and forces
   * the key file; on H2 rebuilds the database file from its live rows and overwrites the old one.
   *
   * @param e the vault
   * @return the plate forgotten
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public String forget(Erasure e) {
    String plate = Erasure.plate(e.next++ % e.subjects);
    e.vault.forget(plate);
    return plate;
  }

  /** Subjects forgotten per {@code forgetAll} call. */
  private static final int FORGET_BATCH = 100;

  /**
   * Forgets {@value #FORGET_BATCH} subjects in one {@code forgetAll} call (one rotation of the
   * union of their buckets and, on H2, one rewrite of the file), reported per subject: what
   * gathering erasure requests saves.
   *
   * @param e the vault
   * @return the last plate forgotten
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @OperationsPerInvocation(FORGET_BATCH)
  public String forgetAll(Erasure e) {
    List<String> plates = new ArrayList<>(FORGET_BATCH);
    for (int i = 0; i < FORGET_BATCH; i++) {
      plates.add(Erasure.plate(e.next++ % e.subjects));
    }
    e.vault.forgetAll(plates);
    return plates.get(FORGET_BATCH - 1);
  }

  /**
   * Baseline: one committed raw JDBC insert of a short row on the same database.
   *
   * @param e the vault
   * @return rows inserted
   * @throws SQLException on a database error
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int baselineJdbcInsert(Erasure e) throws SQLException {
    e.rawInsert.setLong(1, e.rawCounter++);
    e.rawInsert.setString(2, "E00000000");
    return e.rawInsert.executeUpdate();
  }
}

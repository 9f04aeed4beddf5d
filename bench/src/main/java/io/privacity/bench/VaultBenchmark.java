package io.privacity.bench;

import com.google.crypto.tink.KeysetHandle;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.core.policy.AccessPolicy;
import io.privacity.crypto.pseudonym.PseudonymVault;
import io.privacity.crypto.pseudonym.TokenPolicy;
import io.privacity.crypto.pseudonym.VaultStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
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
 * tokenizing the same number one by one, each iteration starting from the same vault of {@code
 * prefill} subjects (both identities per second, on H2; target in bench/targets.tsv); and {@code
 * forget} of one subject in a vault of {@code subjects} subjects on H2 and PostgreSQL (when {@code
 * PRIVACITY_PG_URL} is set), reported as time per erasure beside one committed raw JDBC insert on
 * the same database (informative: an erasure rewraps about subjects/64 rows per domain in one
 * durable transaction and forces the key file twice; on H2 it also rewrites the database file, so
 * that no old copy of the forgotten rows remains in it) and {@code forgetAll} of 100 subjects per
 * call, per subject.
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
      return vault(
          db.store,
          PseudonymVault.generateKeyEncryptionKeyset(),
          PseudonymVault.generateIndexKeyset());
    }

    void close() throws Exception {
      vault.close();
      db.delete();
    }
  }

  /**
   * An H2 vault of {@code prefill} subjects that receives 10,000 never-seen plates per call. The
   * prefilled vault is built once per trial and copied back before every call (a call lasts a
   * second or more, so a per-invocation set-up is harmless), so the batch and the one-by-one
   * baseline both measure exactly 10,000 new identities into a vault of {@code prefill} subjects:
   * without the reset, the faster batch would run more calls per trial and measure itself on a
   * larger vault than its baseline.
   */
  @State(Scope.Benchmark)
  public static class Batch {
    /**
     * Subjects in the vault before each call: 0 by default (a first import of 10,000 identities,
     * the batch call's main use); {@code -p prefill=100000} for a vault in service.
     */
    @Param({"0"})
    public int prefill;

    private final KeysetHandle keyEncryption = PseudonymVault.generateKeyEncryptionKeyset();
    private final KeysetHandle index = PseudonymVault.generateIndexKeyset();
    private Path template;
    private Path dir;
    PseudonymVault vault;
    long next;

    private PseudonymVault open(Path directory) {
      return vault(VaultStore.h2(directory.resolve("vault")), keyEncryption, index);
    }

    /**
     * Builds the prefilled vault (in batches) and closes it.
     *
     * @throws IOException if the directory cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      template = Files.createTempDirectory("vault-bench-template");
      try (PseudonymVault v = open(template)) {
        fill(v, prefill, i -> String.format(Locale.ROOT, "P%09d", i));
      }
    }

    /**
     * Copies the prefilled vault into a fresh directory and opens it.
     *
     * @throws IOException if the copy fails
     */
    @Setup(Level.Invocation)
    public void restore() throws IOException {
      dir = Files.createTempDirectory("vault-bench");
      try (Stream<Path> files = Files.list(template)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
      vault = open(dir);
      next = 0;
    }

    /**
     * Closes and deletes the call's copy.
     *
     * @throws IOException if deleting fails
     */
    @TearDown(Level.Invocation)
    public void drop() throws IOException {
      vault.close();
      deleteTree(dir);
    }

    /**
     * Deletes the prefilled vault.
     *
     * @throws IOException if deleting fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      deleteTree(template);
    }

    List<String> freshPlates() {
      List<String> plates = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        plates.add(String.format(Locale.ROOT, "N%09d", next++));
      }
      return plates;
    }
  }

  /** A vault with the benchmarks' one deterministic domain over {@code store}. */
  static PseudonymVault vault(VaultStore store, KeysetHandle keyEncryption, KeysetHandle index) {
    return PseudonymVault.builder()
        .store(store)
        .keyEncryptionKeyset(keyEncryption)
        .indexKeyset(index)
        .domain("parking-enforcement", TokenPolicy.DETERMINISTIC, Duration.ofDays(30))
        .accessPolicy(AccessPolicy.builder().build())
        .ledger(TransparencyLedger.inMemory())
        .build();
  }

  /** Tokenizes plates {@code 0..count-1} into {@code vault}, {@value #BATCH} per call. */
  static void fill(PseudonymVault vault, int count, IntFunction<String> plate) {
    for (int from = 0; from < count; from += BATCH) {
      List<String> plates = new ArrayList<>(BATCH);
      for (int i = from; i < Math.min(count, from + BATCH); i++) {
        plates.add(plate.apply(i));
      }
      vault.tokenizeAll("parking-enforcement", plates);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
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
      fill(vault, subjects, Erasure::plate);
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

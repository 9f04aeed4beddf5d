package io.privacity.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.core.policy.Authorization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Break 1 of issue 15, as an attacker would race it: 8 threads tokenize and re-identify a small set
 * of plates in a deterministic and a fully randomised domain while 2 threads forget them, 10^4
 * operations in all. Every call is stamped with a global sequence number at its start and end, so
 * the check knows which calls surely happened before or after each {@code forget}:
 *
 * <ul>
 *   <li>no token minted by a call that ended before a {@code forget} of its plate started is
 *       resolved by a call that started after that {@code forget} returned, nor handed out again by
 *       such a {@code tokenize} (no token minted from stale state);
 *   <li>at rest, each plate's deterministic token resolves to the plate (no zombie token that
 *       tokenize returns but nothing resolves);
 *   <li>after a final {@code forget} of every plate, not one token ever handed out resolves.
 * </ul>
 *
 * <p>Before issue 15, {@code tokenize} read the subject row and inserted its token in separate
 * statements: a {@code forget} in between left a token row with a live lookup behind, which later
 * tokenize calls returned although it could not be resolved.
 *
 * <p>The same race runs on an H2 file store (fewer operations: each forget rewrites the file),
 * where every forget closes and reopens the database while the others tokenize, re-identify and
 * write rate-limit attempts (outside the vault's lock): none of them may fail or see a
 * half-rewritten store.
 */
class VaultForgetRaceTest {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final int OPERATIONS = 10_000;
  private static final int OPERATIONS_ON_A_FILE = 1_000;
  private static final int WORKERS = 8;
  private static final int FORGETTERS = 2;
  private static final int PLATES = 24;

  private VaultFixture f;
  private PseudonymVault vault;
  private final AtomicLong clock = new AtomicLong();
  @TempDir Path dir;

  private record Minted(String plate, String domain, String token, long start, long end) {}

  private record Forget(String plate, long start, long end) {}

  private record Resolved(String token, String identity, long start) {}

  @AfterEach
  void tearDown() {
    if (vault != null) {
      vault.close();
    }
  }

  /**
   * Whether a forget of {@code plate} started after {@code after} and ended before {@code before}.
   */
  private static boolean forgetBetween(
      Map<String, List<Forget>> forgetsOf, String plate, long after, long before) {
    for (Forget g : forgetsOf.getOrDefault(plate, List.of())) {
      if (after < g.start() && g.end() < before) {
        return true;
      }
    }
    return false;
  }

  private static long firstEnd(Map<String, List<Minted>> mintings, String token) {
    return mintings.get(token).stream().mapToLong(Minted::end).min().orElseThrow();
  }

  private static String plate(int i) {
    return "RC" + (100 + i) + "XY";
  }

  @Test
  void forgetRacingTokenizeAndReidentify_leavesNoUsableTokenOfTheForgottenSubject()
      throws Exception {
    race(VaultStore.h2InMemory("forgetrace" + COUNTER.incrementAndGet()), OPERATIONS);
  }

  @Test
  void onAnH2File_forgetsRewritingTheFile_raceNothing() throws Exception {
    race(VaultStore.h2(dir.resolve("vault")), OPERATIONS_ON_A_FILE);
  }

  /**
   * The large-batch path of {@code tokenizeAll} (over 512 distinct identities: the bucket scan and
   * HMACs on the common fork-join pool) raced by {@code forget}: 2 threads tokenize batches of 600
   * plates, 8 of them victims, while a third forgets the victims. A victim's token from a batch
   * that ended before a forget of it started never resolves after that forget returned, and after a
   * final forget no victim's token resolves.
   */
  @Test
  void forgetRacingLargeTokenizeAll_leavesNoUsableTokenOfTheForgottenSubject() throws Exception {
    f = new VaultFixture(VaultStore.h2InMemory("forgetrace" + COUNTER.incrementAndGet()));
    vault = f.vault(Integer.MAX_VALUE);
    Authorization police = f.police();
    List<String> victims = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      victims.add(plate(i));
    }
    ConcurrentLinkedQueue<Minted> minted = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Forget> forgets = new ConcurrentLinkedQueue<>();
    AtomicInteger bystanders = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      running.add(
          pool.submit(
              () -> {
                start.await();
                for (int round = 0; round < 12; round++) {
                  List<String> batch = new ArrayList<>(victims);
                  for (int i = 0; i < 592; i++) {
                    batch.add("BY" + bystanders.incrementAndGet());
                  }
                  long s = clock.incrementAndGet();
                  List<String> tokens = vault.tokenizeAll(VaultFixture.PARKING, batch);
                  long e = clock.incrementAndGet();
                  for (int i = 0; i < victims.size(); i++) {
                    minted.add(
                        new Minted(victims.get(i), VaultFixture.PARKING, tokens.get(i), s, e));
                  }
                }
                return null;
              }));
    }
    running.add(
        pool.submit(
            () -> {
              start.await();
              for (int round = 0; round < 24; round++) {
                String plate = victims.get(round % victims.size());
                long s = clock.incrementAndGet();
                vault.forget(plate);
                forgets.add(new Forget(plate, s, clock.incrementAndGet()));
              }
              return null;
            }));
    start.countDown();
    try {
      for (Future<?> r : running) {
        r.get(300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, List<Forget>> forgetsOf = new HashMap<>();
    forgets.forEach(g -> forgetsOf.computeIfAbsent(g.plate(), p -> new ArrayList<>()).add(g));
    for (Minted m : minted) {
      long now = clock.incrementAndGet();
      if (forgetBetween(forgetsOf, m.plate(), m.end(), now)) {
        assertThrows(
            ReidentificationException.class,
            () -> vault.reidentify(m.domain(), m.token(), police),
            "token " + m + " resolved after a forget that followed its batch");
      }
    }
    for (String v : victims) {
      vault.forget(v);
    }
    for (Minted m : minted) {
      assertThrows(
          ReidentificationException.class,
          () -> vault.reidentify(m.domain(), m.token(), police),
          m.toString());
    }
  }

  private void race(VaultStore store, int operations) throws Exception {
    f = new VaultFixture(store);
    vault = f.vault(Integer.MAX_VALUE);
    Authorization police = f.police();
    ConcurrentLinkedQueue<Minted> minted = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Forget> forgets = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Resolved> resolved = new ConcurrentLinkedQueue<>();
    AtomicInteger budget = new AtomicInteger(operations);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS + FORGETTERS);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < WORKERS + FORGETTERS; w++) {
      boolean forgetter = w >= WORKERS;
      Random random = new Random(1000 + w); // fixed seeds: the schedule still varies per run
      running.add(
          pool.submit(
              () -> {
                start.await();
                List<Minted> mine = new ArrayList<>();
                while (budget.getAndDecrement() > 0) {
                  String plate = plate(random.nextInt(PLATES));
                  long s = clock.incrementAndGet();
                  if (forgetter) {
                    vault.forget(plate);
                    forgets.add(new Forget(plate, s, clock.incrementAndGet()));
                  } else if (mine.isEmpty() || random.nextInt(3) != 0) {
                    String domain =
                        random.nextBoolean() ? VaultFixture.PARKING : VaultFixture.TRANSIT;
                    String token = vault.tokenize(domain, plate);
                    Minted m = new Minted(plate, domain, token, s, clock.incrementAndGet());
                    minted.add(m);
                    mine.add(m);
                  } else {
                    Minted m = mine.get(random.nextInt(mine.size()));
                    try {
                      String id = vault.reidentify(m.domain(), m.token(), police);
                      resolved.add(new Resolved(m.token(), id, s));
                    } catch (ReidentificationException expected) {
                      // forgotten: fine
                    }
                  }
                }
                return null;
              }));
    }
    start.countDown();
    try {
      for (Future<?> r : running) {
        r.get(300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(forgets.size() > operations / 100, "forgets ran: " + forgets.size());

    Map<String, List<Forget>> forgetsOf = new HashMap<>();
    forgets.forEach(g -> forgetsOf.computeIfAbsent(g.plate(), p -> new ArrayList<>()).add(g));
    Map<String, List<Minted>> mintings = new HashMap<>();
    minted.forEach(m -> mintings.computeIfAbsent(m.token(), t -> new ArrayList<>()).add(m));
    for (Resolved r : resolved) {
      Minted first = mintings.get(r.token()).get(0);
      assertEquals(first.plate(), r.identity());
      assertTrue(
          !forgetBetween(forgetsOf, first.plate(), firstEnd(mintings, r.token()), r.start()),
          "token " + r.token() + " resolved after a forget that followed its minting");
    }
    for (List<Minted> ms : mintings.values()) {
      long firstEnd = firstEnd(mintings, ms.get(0).token());
      for (Minted later : ms) {
        assertTrue(
            !forgetBetween(forgetsOf, later.plate(), firstEnd, later.start()),
            "a token minted before a forget was handed out again after it: " + later);
      }
    }
    // At rest: each plate's deterministic token resolves (no zombie token).
    for (int i = 0; i < PLATES; i++) {
      String t = vault.tokenize(VaultFixture.PARKING, plate(i));
      assertEquals(plate(i), vault.reidentify(VaultFixture.PARKING, t, police));
    }
    // Forget everyone: not one token ever handed out resolves.
    for (int i = 0; i < PLATES; i++) {
      vault.forget(plate(i));
    }
    for (Minted m : minted) {
      assertThrows(
          ReidentificationException.class,
          () -> vault.reidentify(m.domain(), m.token(), police),
          m.toString());
    }
  }
}

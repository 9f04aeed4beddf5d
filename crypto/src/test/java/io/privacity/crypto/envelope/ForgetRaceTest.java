package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The attacker's test of crypto-shredding under concurrency: threads seal, open and keep sessions
 * about a subject while another thread forgets it. After {@code forget} returns, nothing sealed
 * about the subject — before or during the erasure — may open, with the library's opener or with an
 * all-zero subject secret (what a seal that read a secret while {@code forget} zeroed it would have
 * used), and no seal that starts after the erasure may succeed.
 */
class ForgetRaceTest {
  private static final int ROUNDS = Integer.getInteger("privacity.forgetRace.rounds", 10_000);
  private static final int WORKERS = 8;
  // Per worker and subject: one before the forgetter starts (it waits for WORKERS seals), the
  // rest racing the erasure.
  private static final int SEALS_PER_ROUND = 3;
  private static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);

  /** Something sealed about a subject: an envelope, or a record and its session's key block. */
  private record Sealed(int round, byte[] bytes, byte[] keyBlock) {}

  private static EncryptionContext ctx(int round) {
    return EncryptionContext.of("subject", "citizen-" + round, "purpose", "noise-complaints");
  }

  @Test
  void sealsOpensAndSessionsRacingForget_leaveNothingOpenable() throws Exception {
    Fixtures.World w = new Fixtures.World();
    Race race = new Race();
    // Each round: every thread meets at the phaser, the workers seal about the round's subject
    // while the forgetter erases it, and everyone meets again.
    Phaser phaser = new Phaser(WORKERS + 1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < WORKERS; t++) {
      threads.add(inRounds(phaser, r -> race.work(w, r)));
    }
    threads.add(inRounds(phaser, r -> race.forget(w, r)));
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(10));
      assertFalse(t.isAlive(), "stress test did not finish");
    }

    // The attacker's pass over everything that was sealed.
    EnvelopeOpener fresh = EnvelopeOpener.builder().keys(w.keys).subjectKeys(w.subjects).build();
    int checked = 0;
    int zeroSecret = 0;
    int opened = 0;
    for (Sealed s : race.sealed) {
      EncryptionContext c = ctx(s.round);
      byte[] keyed = s.keyBlock != null ? s.keyBlock : s.bytes;
      if (Attack.opensUnderSecret(keyed, c, w.keys, new byte[32])) {
        zeroSecret++;
      }
      if (opens(w.opener, s, c) || opens(fresh, s, c)) {
        opened++;
      }
      checked++;
    }
    String counts =
        String.format(
            "of %d sealed: %d under a zeroed secret, %d still open, %d sealed after forget"
                + " returned, %d operations failed other than by refusal",
            checked, zeroSecret, opened, race.lateSeals.get(), race.unexpected.size());
    assertTrue(checked > ROUNDS, "too few envelopes sealed to test anything: " + counts);
    assertEquals(0, zeroSecret, counts);
    assertEquals(0, opened, counts);
    assertEquals(0, race.lateSeals.get(), counts);
    if (!race.unexpected.isEmpty()) {
      throw new AssertionError(counts, race.unexpected.peek());
    }
  }

  private static Thread inRounds(Phaser phaser, IntConsumer round) {
    return new Thread(
        () -> {
          for (int r = 0; r < ROUNDS; r++) {
            phaser.arriveAndAwaitAdvance();
            round.accept(r);
            phaser.arriveAndAwaitAdvance();
          }
        });
  }

  /** The shared state of one stress run. */
  private static final class Race {
    final ConcurrentLinkedQueue<Sealed> sealed = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    final AtomicInteger lateSeals = new AtomicInteger();
    final AtomicInteger sealsThisRound = new AtomicInteger();
    // The round whose forget has returned (rounds before it are forgotten too).
    volatile int forgottenUpTo = -1;

    void forget(Fixtures.World w, int r) {
      try {
        // Let the workers get going on this subject, then erase it under their feet.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        while (sealsThisRound.get() < WORKERS && System.nanoTime() < deadline) {
          Thread.yield();
        }
        w.subjects.forget("citizen-" + r);
        forgottenUpTo = r;
        sealsThisRound.set(0);
      } catch (Throwable e) {
        unexpected.add(e);
      }
    }

    void work(Fixtures.World w, int r) {
      EncryptionContext c = ctx(r);
      SealingSession session = null;
      try {
        session = w.sealer.newSession(c);
        w.opener.acceptSessionKey(session.keyBlock(), c);
      } catch (SubjectShreddedException | WrongContextException erased) {
        session = null;
      } catch (Throwable e) {
        // E.g. a key block sealed under a zeroed secret does not authenticate.
        unexpected.add(e);
        session = null;
      }
      for (int i = 0; i < SEALS_PER_ROUND; i++) {
        boolean after = forgottenUpTo >= r;
        try {
          byte[] env = w.sealer.seal(READING, c);
          sealed.add(new Sealed(r, env, null));
          sealsThisRound.incrementAndGet();
          if (after) {
            lateSeals.incrementAndGet();
          }
          assertArrayEquals(READING, w.opener.open(env, c));
        } catch (SubjectShreddedException | WrongContextException erased) {
          // Refused during or after the erasure: the only allowed failure.
        } catch (Throwable e) {
          unexpected.add(e);
        }
        if (session == null) {
          continue;
        }
        after = forgottenUpTo >= r;
        try {
          byte[] rec = session.seal(READING);
          sealed.add(new Sealed(r, rec, session.keyBlock()));
          if (after) {
            lateSeals.incrementAndGet();
          }
        } catch (SubjectShreddedException erased) {
          // A session about a forgotten subject stops sealing.
        } catch (Throwable e) {
          unexpected.add(e);
        }
      }
    }
  }

  /**
   * Tries the opener as it is (with the sessions it accepted before the erasure), then after
   * presenting the record's key block again.
   */
  private static boolean opens(EnvelopeOpener o, Sealed s, EncryptionContext c) {
    if (opensAsIs(o, s.bytes, c)) {
      return true;
    }
    if (s.keyBlock == null) {
      return false;
    }
    try {
      o.acceptSessionKey(s.keyBlock, c);
    } catch (GeneralSecurityException refused) {
      return false;
    }
    return opensAsIs(o, s.bytes, c);
  }

  private static boolean opensAsIs(EnvelopeOpener o, byte[] bytes, EncryptionContext c) {
    try {
      o.open(bytes, c);
      return true;
    } catch (GeneralSecurityException refused) {
      return false;
    }
  }

  @Test
  void attackHelper_findsTheSecretOfALiveSubject_soItsSilenceMeansSomething() throws Exception {
    Fixtures.World w = new Fixtures.World();
    byte[] env = w.sealer.seal(READING, Fixtures.CTX);
    assertFalse(Attack.opensUnderSecret(env, Fixtures.CTX, w.keys, new byte[32]));
    EnvelopeSealer unbound = EnvelopeSealer.builder().keys(w.keys).build();
    byte[] plain = unbound.seal(READING, Fixtures.CTX);
    if (!Attack.opensUnderSecret(plain, Fixtures.CTX, w.keys, null)) {
      fail("the attack helper must open an envelope whose key schedule it can reproduce");
    }
  }
}

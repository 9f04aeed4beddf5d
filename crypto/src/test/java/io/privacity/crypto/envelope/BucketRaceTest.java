package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.keys.LocalKeysetKekProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every subject in one bucket, so that every forget rotates the bucket of everyone else: workers
 * seal (envelopes, sessions, streams), open and rewrap envelopes of kept subjects, create new
 * subjects and seal about victims, while two threads forget the victims (each victim twice,
 * concurrently). Afterwards, in the same process and after a restart: everything about a kept
 * subject opens, nothing about a victim does, and no record the store ever held yields a victim's
 * key under the slot.
 */
class BucketRaceTest {
  private static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);
  private static final int KEPT = 8;
  private static final int VICTIMS = 60;
  private static final int WORKERS = 3;
  private static final int MAX_CREATED = 40;
  private static final AtomicInteger CREATED = new AtomicInteger();

  private static EncryptionContext kept(int i) {
    return EncryptionContext.of("subject", "kept-" + i, "purpose", "noise-complaints");
  }

  private static EncryptionContext victim(int i) {
    return EncryptionContext.of("subject", "victim-" + i, "purpose", "noise-complaints");
  }

  /**
   * What was sealed: bytes (an envelope, a record or a stream) and, for a record, its key block.
   */
  private record Sealed(EncryptionContext context, byte[] bytes, byte[] keyBlock, boolean stream) {}

  @Test
  void forgetsRotatingTheBucketOfEveryone_underSealsOpensSessionsStreamsAndRewraps()
      throws Exception {
    Fixtures.Recorded r = new Fixtures.Recorded();
    LocalKeysetKekProvider kek = r.kek;
    SubjectKeys subjects = r.subjectKeys().buckets(1).build();
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(kek).subjectKeys(subjects).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(kek).subjectKeys(subjects).build();
    ConcurrentLinkedQueue<Sealed> keptSealed = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Sealed> victimSealed = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < KEPT; i++) {
      keptSealed.add(new Sealed(kept(i), sealer.seal(READING, kept(i)), null, false));
    }
    for (int i = 0; i < VICTIMS; i++) {
      victimSealed.add(new Sealed(victim(i), sealer.seal(READING, victim(i)), null, false));
    }
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicInteger forgettersLeft = new AtomicInteger(2);
    List<Thread> threads = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < VICTIMS; i++) {
                    subjects.forget("victim-" + i);
                  }
                } catch (Throwable e) {
                  unexpected.add(e);
                } finally {
                  forgettersLeft.decrementAndGet();
                }
              }));
    }
    for (int t = 0; t < WORKERS; t++) {
      Random random = new Random(t); // which subjects to use: test data only
      threads.add(
          new Thread(
              () -> {
                while (forgettersLeft.get() > 0) {
                  try {
                    work(random, sealer, opener, kek, keptSealed, victimSealed);
                  } catch (Throwable e) {
                    unexpected.add(e);
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(5));
      assertFalse(t.isAlive(), "race did not finish");
    }
    if (!unexpected.isEmpty()) {
      throw new AssertionError(unexpected.size() + " unexpected failures", unexpected.peek());
    }

    SubjectKeys restarted = r.subjectKeys().build();
    for (EnvelopeOpener o :
        List.of(opener, EnvelopeOpener.builder().keys(kek).subjectKeys(restarted).build())) {
      for (Sealed s : keptSealed) {
        assertArrayEquals(READING, open(o, s), "kept subject's data no longer opens");
      }
      for (Sealed s : victimSealed) {
        assertThrows(o, s);
      }
    }
    // The attacker's pass, once per victim (a key found would open all of the victim's data).
    Set<EncryptionContext> tried = new HashSet<>();
    for (Sealed s : victimSealed) {
      if (tried.add(s.context)) {
        byte[] keyed = s.keyBlock != null ? s.keyBlock : s.bytes;
        assertEquals(0, r.recoverable(keyed, s.context));
      }
    }
    assertTrue(keptSealed.size() > KEPT, "the workers sealed nothing: " + keptSealed.size());
  }

  /** One round of a worker: use a kept subject every way, and try to seal about a victim. */
  private static void work(
      Random random,
      EnvelopeSealer sealer,
      EnvelopeOpener opener,
      LocalKeysetKekProvider kek,
      ConcurrentLinkedQueue<Sealed> keptSealed,
      ConcurrentLinkedQueue<Sealed> victimSealed)
      throws Exception {
    EncryptionContext k = kept(random.nextInt(KEPT));
    byte[] env = sealer.seal(READING, k);
    keptSealed.add(new Sealed(k, env, null, false));
    assertArrayEquals(READING, opener.open(env, k));
    byte[] moved = opener.rewrap(env, k, kek);
    keptSealed.add(new Sealed(k, moved, null, false));
    try (SealingSession session = sealer.newSession(k)) {
      opener.acceptSessionKey(session.keyBlock(), k);
      byte[] rec = session.seal(READING);
      keptSealed.add(new Sealed(k, rec, session.keyBlock(), false));
      assertArrayEquals(READING, opener.open(rec, k));
    }
    int fresh = CREATED.getAndIncrement();
    if (fresh < MAX_CREATED) {
      // A subject created while the bucket rotates: its record must be under a key that lasts.
      EncryptionContext n =
          EncryptionContext.of("subject", "new-" + fresh, "purpose", "noise-complaints");
      keptSealed.add(new Sealed(n, sealer.seal(READING, n), null, false));
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream out = sealer.newSealingStream(bos, k)) {
      out.write(READING);
    }
    keptSealed.add(new Sealed(k, bos.toByteArray(), null, true));
    int v = random.nextInt(VICTIMS);
    try {
      // Sealed while its forget may be running: must not open afterwards.
      byte[] late = sealer.seal(READING, victim(v));
      victimSealed.add(new Sealed(victim(v), late, null, false));
      SealingSession session = sealer.newSession(victim(v));
      byte[] rec = session.seal(READING);
      victimSealed.add(new Sealed(victim(v), rec, session.keyBlock(), false));
    } catch (SubjectShreddedException refused) {
      // Forgotten already.
    }
  }

  private static byte[] open(EnvelopeOpener o, Sealed s) throws Exception {
    if (s.stream) {
      return o.newOpeningStream(new ByteArrayInputStream(s.bytes), s.context).readAllBytes();
    }
    if (s.keyBlock != null) {
      o.acceptSessionKey(s.keyBlock, s.context);
    }
    return o.open(s.bytes, s.context);
  }

  private static void assertThrows(EnvelopeOpener o, Sealed s) {
    try {
      open(o, s);
    } catch (GeneralSecurityException refused) {
      return;
    } catch (Exception other) {
      throw new AssertionError("unexpected failure", other);
    }
    throw new AssertionError("a victim's data opened after its forget returned");
  }
}

package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.keys.LocalKeysetKekProvider;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SealingSessionTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-11-27T00:00:00Z"));

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private static EnvelopeSealer sealer(SessionLimits limits, Clock clock) throws Exception {
    return EnvelopeSealer.builder()
        .keys(LocalKeysetKekProvider.generate())
        .sessionLimits(limits)
        .clock(clock)
        .build();
  }

  @Test
  void messageLimit_refusesTheNextMessage() throws Exception {
    SealingSession s =
        sealer(SessionLimits.of(3, 1 << 20, Duration.ofHours(1)), Clock.systemUTC())
            .newSession(Fixtures.SENSOR_CTX);
    for (int i = 0; i < 3; i++) {
      s.seal(new byte[8]);
    }
    assertTrue(s.isExhausted());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.seal(new byte[8]));
    assertTrue(e.getMessage().contains("maxMessages 3"), e.getMessage());
    assertEquals(3, s.messagesSealed());
  }

  @Test
  void byteLimit_refusesTheMessageThatWouldExceedIt() throws Exception {
    SealingSession s =
        sealer(SessionLimits.of(100, 100, Duration.ofHours(1)), Clock.systemUTC())
            .newSession(Fixtures.SENSOR_CTX);
    s.seal(new byte[60]);
    s.seal(new byte[40]);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.seal(new byte[1]));
    assertTrue(e.getMessage().contains("maxBytes 100"), e.getMessage());
    assertTrue(s.isExhausted());
  }

  @Test
  void ageLimit_refusesAfterMaxAge() throws Exception {
    ManualClock clock = new ManualClock();
    SealingSession s =
        sealer(SessionLimits.of(100, 1000, Duration.ofSeconds(30)), clock)
            .newSession(Fixtures.SENSOR_CTX);
    s.seal(new byte[1]);
    clock.now.set(clock.now.get().plusSeconds(29));
    s.seal(new byte[1]);
    assertFalse(s.isExhausted());
    clock.now.set(clock.now.get().plusSeconds(1));
    assertTrue(s.isExhausted());
    assertThrows(IllegalStateException.class, () -> s.seal(new byte[1]));
  }

  @Test
  void closedSession_refuses() throws Exception {
    SealingSession s =
        sealer(SessionLimits.defaults(), Clock.systemUTC()).newSession(Fixtures.SENSOR_CTX);
    s.close();
    assertTrue(s.isExhausted());
    assertThrows(IllegalStateException.class, () -> s.seal(new byte[1]));
  }

  @Test
  void nonces_areUniqueAcrossThreads_andRecordsOpenInAnyOrder() throws Exception {
    Fixtures.World w = new Fixtures.World();
    SealingSession s = w.sealer.newSession(Fixtures.SENSOR_CTX);
    int threads = 4;
    int each = 2_000;
    byte[][] recs = new byte[threads * each][];
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      ts[t] =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  try {
                    recs[base + i] = s.seal(ByteBuffer.allocate(4).putInt(base + i).array());
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                }
              });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    Set<ByteBuffer> nonces = new HashSet<>();
    w.opener.acceptSessionKey(s.keyBlock(), Fixtures.SENSOR_CTX);
    for (int i = recs.length - 1; i >= 0; i--) {
      nonces.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(recs[i], 46, 58)));
      assertArrayEquals(
          ByteBuffer.allocate(4).putInt(i).array(), w.opener.open(recs[i], Fixtures.SENSOR_CTX));
    }
    assertEquals(recs.length, nonces.size());
    assertEquals(recs.length, s.messagesSealed());
  }

  @Test
  void twoSessions_haveDifferentKeys_andBothOpen() throws Exception {
    Fixtures.World w = new Fixtures.World();
    SealingSession a = w.sealer.newSession(Fixtures.SENSOR_CTX);
    SealingSession b = w.sealer.newSession(Fixtures.SENSOR_CTX);
    byte[] ra = a.seal(new byte[] {1});
    byte[] rb = b.seal(new byte[] {2});
    w.opener.acceptSessionKey(a.keyBlock(), Fixtures.SENSOR_CTX);
    assertArrayEquals(new byte[] {1}, w.opener.open(ra, Fixtures.SENSOR_CTX));
    assertThrows(
        io.privacity.crypto.keys.UnknownKeyException.class,
        () -> w.opener.open(rb, Fixtures.SENSOR_CTX));
    w.opener.acceptSessionKey(b.keyBlock(), Fixtures.SENSOR_CTX);
    assertArrayEquals(new byte[] {2}, w.opener.open(rb, Fixtures.SENSOR_CTX));
  }

  @Test
  void evictedSession_isUnknownUntilAcceptedAgain() throws Exception {
    Fixtures.World w = new Fixtures.World();
    EnvelopeOpener small = EnvelopeOpener.builder().keys(w.keys).maxSessions(1).build();
    SealingSession a = w.sealer.newSession(Fixtures.SENSOR_CTX);
    SealingSession b = w.sealer.newSession(Fixtures.SENSOR_CTX);
    small.acceptSessionKey(a.keyBlock(), Fixtures.SENSOR_CTX);
    small.acceptSessionKey(b.keyBlock(), Fixtures.SENSOR_CTX);
    byte[] ra = a.seal(new byte[1]);
    assertThrows(
        io.privacity.crypto.keys.UnknownKeyException.class,
        () -> small.open(ra, Fixtures.SENSOR_CTX));
    small.acceptSessionKey(a.keyBlock(), Fixtures.SENSOR_CTX);
    assertArrayEquals(new byte[1], small.open(ra, Fixtures.SENSOR_CTX));
  }
}

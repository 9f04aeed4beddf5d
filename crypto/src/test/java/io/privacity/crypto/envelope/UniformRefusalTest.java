package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privacity.crypto.keys.HpkeKeyPairs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * An opener must not be an oracle for "was this person ever here" or "was this person erased":
 * opening with a wrong context, opening an envelope about a subject never seen, and opening one
 * about an erased subject fail alike — same exception type, message and stack trace, no cause. The
 * ledger, not the exception, records erasures.
 */
class UniformRefusalTest {
  private static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);

  private static EncryptionContext about(String subject) {
    return EncryptionContext.of("subject", subject, "purpose", "noise-complaints", "city", "lyon");
  }

  private static EncryptionContext otherPurpose(String subject) {
    return EncryptionContext.of("subject", subject, "purpose", "marketing", "city", "lyon");
  }

  /**
   * A sealer whose subjects {@code w}'s subject keys never saw: another city's subject keys over
   * the same key-encryption key.
   */
  private static EnvelopeSealer strangerTo(Fixtures.World w) throws GeneralSecurityException {
    return EnvelopeSealer.builder().keys(w.keys).subjectKeys(new Fixtures.World().subjects).build();
  }

  private static GeneralSecurityException refusal(Executable call) {
    return assertThrows(GeneralSecurityException.class, call);
  }

  private static void assertAlike(List<GeneralSecurityException> refusals) {
    GeneralSecurityException first = refusals.get(0);
    for (GeneralSecurityException e : refusals) {
      assertEquals(first.getClass(), e.getClass(), refusals.toString());
      assertEquals(first.getMessage(), e.getMessage(), refusals.toString());
    }
  }

  @Test
  void envelopes_wrongContext_neverSeen_andErased_failAlike() throws Exception {
    Fixtures.World w = new Fixtures.World();
    EnvelopeSealer stranger = strangerTo(w);
    byte[] kept = w.sealer.seal(READING, about("citizen-1"));
    byte[] neverSeen = stranger.seal(READING, about("citizen-2"));
    byte[] erased = w.sealer.seal(READING, about("citizen-3"));
    w.subjects.forget("citizen-3");

    assertArrayEquals(READING, w.opener.open(kept, about("citizen-1")));
    assertIndistinguishable(
        List.of(
            openRefused(w.opener, kept, otherPurpose("citizen-1")),
            openRefused(w.opener, neverSeen, about("citizen-2")),
            openRefused(w.opener, erased, about("citizen-3"))));
    assertAlike(
        List.of(
            refusal(() -> w.opener.rewrap(kept, otherPurpose("citizen-1"))),
            refusal(() -> w.opener.rewrap(neverSeen, about("citizen-2"))),
            refusal(() -> w.opener.rewrap(erased, about("citizen-3")))));
  }

  @Test
  void keyBlocksRecordsAndStreams_failAlike() throws Exception {
    Fixtures.World w = new Fixtures.World();
    EnvelopeSealer stranger = strangerTo(w);
    SealingSession kept = w.sealer.newSession(about("citizen-1"));
    SealingSession neverSeen = stranger.newSession(about("citizen-2"));
    SealingSession erased = w.sealer.newSession(about("citizen-3"));
    byte[] keptRecord = kept.seal(READING);
    byte[] erasedRecord = erased.seal(READING);
    w.opener.acceptSessionKey(kept.keyBlock(), about("citizen-1"));
    w.opener.acceptSessionKey(erased.keyBlock(), about("citizen-3"));
    byte[] keptStream = stream(w.sealer, about("citizen-1"));
    byte[] neverSeenStream = stream(stranger, about("citizen-2"));
    byte[] erasedStream = stream(w.sealer, about("citizen-3"));
    w.subjects.forget("citizen-3");

    assertAlike(
        List.of(
            refusal(() -> w.opener.acceptSessionKey(kept.keyBlock(), otherPurpose("citizen-1"))),
            refusal(() -> w.opener.acceptSessionKey(neverSeen.keyBlock(), about("citizen-2"))),
            refusal(() -> w.opener.acceptSessionKey(erased.keyBlock(), about("citizen-3"))),
            refusal(() -> w.opener.open(keptRecord, otherPurpose("citizen-1"))),
            refusal(() -> w.opener.open(erasedRecord, about("citizen-3"))),
            refusal(() -> w.opener.open(erasedRecord, about("citizen-3"))),
            refusal(() -> open(w.opener, keptStream, otherPurpose("citizen-1"))),
            refusal(() -> open(w.opener, neverSeenStream, about("citizen-2"))),
            refusal(() -> open(w.opener, erasedStream, about("citizen-3")))));
    assertIndistinguishable(
        List.of(
            openRefused(w.opener, keptRecord, otherPurpose("citizen-1")),
            openRefused(w.opener, erasedRecord, about("citizen-3"))));
  }

  @Test
  void sensorEnvelopeNamingAnErasedSubject_isRefusedLikeAWrongContext() throws Exception {
    Fixtures.World w = new Fixtures.World();
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    // A sensor holds only the public key: its envelopes are not subject-bound; the opener refuses
    // them by policy once the subject is erased.
    EnvelopeSealer sensor = EnvelopeSealer.builder().keys(city.publicKeys()).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(city).subjectKeys(w.subjects).build();
    byte[] env = sensor.seal(READING, about("citizen-3"));
    byte[] neverSeen = sensor.seal(READING, about("citizen-2"));
    SealingSession session = sensor.newSession(about("citizen-3"));
    byte[] record = session.seal(READING);
    opener.acceptSessionKey(session.keyBlock(), about("citizen-3"));
    w.sealer.seal(READING, about("citizen-3"));
    assertArrayEquals(READING, opener.open(env, about("citizen-3")));
    assertArrayEquals(READING, opener.open(neverSeen, about("citizen-2")));
    assertArrayEquals(READING, opener.open(record, about("citizen-3")));
    w.subjects.forget("citizen-3");
    assertAlike(
        List.of(
            refusal(() -> opener.open(env, otherPurpose("citizen-3"))),
            refusal(() -> opener.open(env, about("citizen-3"))),
            refusal(() -> opener.open(record, about("citizen-3")))));
    assertArrayEquals(READING, opener.open(neverSeen, about("citizen-2")));
  }

  @Test
  void forgedEnvelopesAboutGuessedSubjects_failAlike_knownNeverSeenOrErased() throws Exception {
    // Anyone holding the city's public key can forge subject-bound envelopes about a guessed id.
    Fixtures.World w = new Fixtures.World();
    HpkeKeyPairs city = HpkeKeyPairs.generate();
    EnvelopeSealer cityRecords =
        EnvelopeSealer.builder().keys(city.publicKeys()).subjectKeys(w.subjects).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(city).subjectKeys(w.subjects).build();
    cityRecords.seal(READING, about("citizen-1"));
    cityRecords.seal(READING, about("citizen-3"));
    w.subjects.forget("citizen-3");
    List<GeneralSecurityException> wellFormed = new ArrayList<>();
    List<GeneralSecurityException> badWrappedKey = new ArrayList<>();
    for (String guess : List.of("citizen-1", "citizen-2", "citizen-3")) {
      byte[] forged = Attack.subjectBoundEnvelope(city.publicKeys(), about(guess));
      wellFormed.add(refusal(() -> opener.open(forged, about(guess))));
      byte[] garbled = forged.clone();
      garbled[6 + 1 + (forged[6] & 0xFF) + 2 + 40] ^= 1;
      badWrappedKey.add(refusal(() -> opener.open(garbled, about(guess))));
    }
    assertAlike(wellFormed);
    assertAlike(badWrappedKey);
    assertEquals(WrongContextException.class, wellFormed.get(0).getClass());
    assertEquals(TamperedEnvelopeException.class, badWrappedKey.get(0).getClass());
  }

  @Test
  void blankSubject_atOpen_isTheDeclaredCheckedException() throws Exception {
    Fixtures.World w = new Fixtures.World();
    EncryptionContext blank = EncryptionContext.of("subject", "", "purpose", "noise-complaints");
    EncryptionContext spaces = EncryptionContext.of("subject", " ", "purpose", "noise-complaints");
    // A sensor's envelope (not subject-bound) naming a blank subject: nothing was erased, it opens.
    byte[] plain = EnvelopeSealer.builder().keys(w.keys).build().seal(READING, blank);
    assertArrayEquals(READING, w.opener.open(plain, blank));
    // A subject-bound envelope naming a blank subject (forged: no sealer makes one) is refused
    // like any subject whose key is not held.
    byte[] kept = w.sealer.seal(READING, about("citizen-1"));
    for (EncryptionContext c : List.of(blank, spaces)) {
      byte[] forged = Attack.subjectBoundEnvelope(w.keys, c);
      assertAlike(
          List.of(
              refusal(() -> w.opener.open(forged, c)),
              refusal(() -> w.opener.open(kept, otherPurpose("citizen-1")))));
    }
    // Sealing about a blank subject is a caller's error.
    assertThrows(IllegalArgumentException.class, () -> w.sealer.seal(READING, blank));
  }

  @Test
  void refusalMessages_nameNoSubject() throws Exception {
    Fixtures.World w = new Fixtures.World();
    String id = "citizen-4711-x";
    byte[] env = w.sealer.seal(READING, about(id));
    SealingSession session = w.sealer.newSession(about(id));
    w.subjects.forget(id);
    GeneralSecurityException opening = refusal(() -> w.opener.open(env, about(id)));
    assertFalse(opening.getMessage().contains(id), opening.getMessage());
    // Sealing for an erased subject is a policy refusal (unchecked).
    for (Executable call :
        List.<Executable>of(
            () -> w.sealer.seal(READING, about(id)), () -> w.sealer.newSession(about(id)))) {
      SubjectShreddedException e = assertThrows(SubjectShreddedException.class, call);
      assertFalse(e.getMessage().contains(id), e.getMessage());
    }
    assertTrue(w.ledger.size() > 0);
    w.ledger.entries().forEach(entry -> assertFalse(entry.toJson().contains(id)));
    SubjectShreddedException late =
        assertThrows(SubjectShreddedException.class, () -> session.seal(READING));
    assertFalse(late.getMessage().contains(id), late.getMessage());
    assertFalse(w.subjects.toString().contains(id));
    assertFalse(about(id).toString().contains(id), about(id).toString());
    assertFalse(session.toString().contains(id), session.toString());
  }

  private static byte[] stream(EnvelopeSealer sealer, EncryptionContext c) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = sealer.newSealingStream(bos, c)) {
      o.write(READING);
    }
    return bos.toByteArray();
  }

  private static byte[] open(EnvelopeOpener o, byte[] stream, EncryptionContext c)
      throws Exception {
    return o.newOpeningStream(new ByteArrayInputStream(stream), c).readAllBytes();
  }

  /** Opens at one call site, so that the caller's frames of the stack traces are alike. */
  private static GeneralSecurityException openRefused(
      EnvelopeOpener o, byte[] envelope, EncryptionContext c) {
    return assertThrows(GeneralSecurityException.class, () -> o.open(envelope, c));
  }

  /** The frames of a refusal from where it was thrown up to {@link #openRefused}. */
  private static List<StackTraceElement> upToTheCall(Throwable e) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (StackTraceElement f : e.getStackTrace()) {
      frames.add(f);
      if (f.getMethodName().equals("openRefused")) {
        return frames;
      }
    }
    throw new AssertionError("not thrown through openRefused", e);
  }

  private static void assertIndistinguishable(List<GeneralSecurityException> refusals) {
    assertAlike(refusals);
    GeneralSecurityException first = refusals.get(0);
    for (GeneralSecurityException e : refusals) {
      // Stack traces end up in logs and error pages: the line that threw must not tell which
      // check failed (context, unknown subject, erased subject).
      assertEquals(upToTheCall(first), upToTheCall(e), e.toString());
      assertEquals(null, e.getCause());
      assertEquals(0, e.getSuppressed().length);
      assertEquals(first.toString(), e.toString());
    }
  }
}

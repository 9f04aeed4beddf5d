package io.privacity.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.crypto.tink.Aead;
import io.privacity.core.ledger.LedgerCommitmentKey;
import io.privacity.core.ledger.LedgerEntry;
import io.privacity.core.ledger.LedgerSink;
import io.privacity.core.ledger.TransparencyLedger;
import io.privacity.crypto.keys.ErasableKeySlot;
import io.privacity.crypto.keys.LocalKeysetKekProvider;
import io.privacity.crypto.keys.SubjectKeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key tree under {@link SubjectKeys}: keyed references, erasure that survives an attacker with
 * every store record ever written, persistence, and recovery from a crash in the middle of a
 * forget.
 */
class SubjectKeysTest {
  private static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private static EncryptionContext about(String subject) {
    return EncryptionContext.of("subject", subject, "purpose", "noise-complaints");
  }

  /**
   * A store that keeps a copy of every record ever written to it, as PostgreSQL keeps dead tuples,
   * WAL segments and backups: the attacker's view of a store that cannot erase.
   */
  static final class RecordingStore implements SubjectKeyStore {
    final SubjectKeyStore inner = SubjectKeyStore.inMemory();
    final List<Map.Entry<String, byte[]>> everWritten = new CopyOnWriteArrayList<>();
    volatile int failReplaceAfter = Integer.MAX_VALUE;

    @Override
    public Optional<byte[]> load(String subjectRef) {
      return inner.load(subjectRef);
    }

    @Override
    public byte[] putIfAbsent(String subjectRef, int bucket, byte[] record) {
      everWritten.add(Map.entry(subjectRef, record.clone()));
      return inner.putIfAbsent(subjectRef, bucket, record);
    }

    @Override
    public Map<String, byte[]> loadBucket(int bucket) {
      return inner.loadBucket(bucket);
    }

    @Override
    public void replace(String subjectRef, byte[] record) {
      if (failReplaceAfter-- <= 0) {
        throw new IllegalStateException("simulated crash while rewrapping a bucket");
      }
      everWritten.add(Map.entry(subjectRef, record.clone()));
      inner.replace(subjectRef, record);
    }

    @Override
    public boolean delete(String subjectRef) {
      return inner.delete(subjectRef);
    }

    @Override
    public boolean isForgotten(String subjectRef) {
      return inner.isForgotten(subjectRef);
    }
  }

  /** A slot that lets the attacker read its current content (and only that: it erases). */
  private static final class Setup {
    final Aead master = Fixtures.masterKey();
    final RecordingStore store = new RecordingStore();
    final ErasableKeySlot slot = ErasableKeySlot.inMemory();
    final LedgerCommitmentKey ledgerKey = LedgerCommitmentKey.generate();
    final TransparencyLedger ledger =
        TransparencyLedger.open(LedgerSink.inMemory(), Clock.systemUTC(), ledgerKey);
    final LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
    SubjectKeys subjects;
    EnvelopeSealer sealer;
    EnvelopeOpener opener;

    Setup(int buckets) throws GeneralSecurityException {
      reopen(buckets);
    }

    /** A new SubjectKeys over the same store and slot, as after a restart. */
    void reopen(int buckets) throws GeneralSecurityException {
      subjects = over(master, store, slot).buckets(buckets).ledger(ledger).build();
      sealer = EnvelopeSealer.builder().keys(kek).subjectKeys(subjects).build();
      opener = EnvelopeOpener.builder().keys(kek).subjectKeys(subjects).build();
    }
  }

  private static SubjectKeys.Builder over(
      Aead master, SubjectKeyStore store, ErasableKeySlot slot) {
    return SubjectKeys.builder().masterKey(master).store(store).keySlot(slot);
  }

  /**
   * The attacker: every record the store ever held, the slot as it is now, the master key and the
   * key-encryption keys. Counts the records whose keyset opens {@code envelope}.
   */
  private static int recoverable(Setup s, byte[] envelope, EncryptionContext ctx)
      throws GeneralSecurityException {
    return Attack.recoverable(
        s.slot.read().orElseThrow(), s.master, s.store.everWritten, s.kek, envelope, ctx);
  }

  @Test
  void attackerWithEveryRecordEverWrittenTheSlotAndTheMasterKey_cannotOpenAForgottenSubject()
      throws Exception {
    Setup s = new Setup(4); // 4 buckets: the forgotten subject shares its bucket with others
    List<String> ids = new ArrayList<>();
    List<byte[]> envs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add("citizen-" + i);
      envs.add(s.sealer.seal(READING, about(ids.get(i))));
    }
    // The attack works while the key exists: it is not silent for want of trying.
    assertTrue(recoverable(s, envs.get(7), about(ids.get(7))) > 0);

    assertTrue(s.subjects.forget(ids.get(7)));
    assertTrue(s.subjects.forget(ids.get(8)));
    assertEquals(0, recoverable(s, envs.get(7), about(ids.get(7))));
    assertEquals(0, recoverable(s, envs.get(8), about(ids.get(8))));
    // Everyone else's keys were rewrapped, not lost, and survive a restart.
    s.reopen(4);
    for (int i = 0; i < ids.size(); i++) {
      if (i == 7 || i == 8) {
        int j = i;
        assertThrows(
            WrongContextException.class, () -> s.opener.open(envs.get(j), about(ids.get(j))));
      } else {
        assertArrayEquals(READING, s.opener.open(envs.get(i), about(ids.get(i))), ids.get(i));
        assertTrue(recoverable(s, envs.get(i), about(ids.get(i))) > 0);
      }
    }
  }

  @Test
  void crashInTheMiddleOfAForget_isCompletedOnTheNextStart() throws Exception {
    Setup s = new Setup(1); // one bucket: every record must be rewrapped
    List<byte[]> envs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      envs.add(s.sealer.seal(READING, about("citizen-" + i)));
    }
    s.store.failReplaceAfter = 4;
    assertThrows(IllegalStateException.class, () -> s.subjects.forget("citizen-3"));
    // After the crash the slot holds the old and the new bucket key; the start completes the
    // rotation and erases the old one.
    s.store.failReplaceAfter = Integer.MAX_VALUE;
    s.reopen(1);
    assertTrue(s.subjects.isForgotten("citizen-3"));
    assertEquals(0, recoverable(s, envs.get(3), about("citizen-3")));
    for (int i = 0; i < 10; i++) {
      if (i != 3) {
        assertArrayEquals(READING, s.opener.open(envs.get(i), about("citizen-" + i)));
      }
    }
    // Calling forget again (instead of restarting) also completes it.
    Setup t = new Setup(1);
    byte[] a = t.sealer.seal(READING, about("a"));
    byte[] b = t.sealer.seal(READING, about("b"));
    t.store.failReplaceAfter = 0;
    assertThrows(IllegalStateException.class, () -> t.subjects.forget("a"));
    t.store.failReplaceAfter = Integer.MAX_VALUE;
    assertFalse(t.subjects.forget("a"));
    assertEquals(0, recoverable(t, a, about("a")));
    assertArrayEquals(READING, t.opener.open(b, about("b")));
  }

  @Test
  void ledgerAndStoreReferences_areKeyed() throws Exception {
    Setup one = new Setup(4);
    Setup two = new Setup(4);
    String id = "citizen-42";
    one.sealer.seal(READING, about(id));
    two.sealer.seal(READING, about(id));
    one.subjects.forget(id);
    two.subjects.forget(id);
    String unkeyed =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(("privacity/subject-ref/v1:" + id).getBytes(StandardCharsets.UTF_8)));
    String plainSha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    String refOne = one.subjects.ref(id);
    String refTwo = two.subjects.ref(id);
    assertEquals(64, refOne.length());
    assertNotEquals(unkeyed, refOne);
    assertNotEquals(plainSha, refOne);
    assertNotEquals(refOne, refTwo, "two key holders must not produce linkable references");
    // The ledger holds it only as a private detail; an auditor holding the ledger's commitment
    // key and these subject keys checks the erasure; the unkeyed hash does not match.
    LedgerEntry erasure = one.ledger.entries().get(0);
    assertFalse(erasure.details().containsKey("subjectRef"));
    assertTrue(one.ledgerKey.opens(erasure, "subjectRef", refOne));
    assertFalse(one.ledgerKey.opens(erasure, "subjectRef", unkeyed));
    assertFalse(one.ledgerKey.opens(erasure, "subjectRef", refTwo));
    // The store files subjects under another keyed value, revealing nothing either.
    String stored = one.store.everWritten.get(0).getKey();
    assertFalse(Stream.of(unkeyed, plainSha, refOne).anyMatch(stored::equals));
    assertFalse(stored.contains(id));
    assertNotEquals(stored, two.store.everWritten.get(0).getKey());
  }

  @Test
  void directorySlot_survivesARestart_isPrivate_andKeepsNoOldBucketKey() throws Exception {
    Aead master = Fixtures.masterKey();
    Path slotDir = dir.resolve("slot");
    RecordingStore store = new RecordingStore();
    LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
    SubjectKeys first =
        over(master, store, ErasableKeySlot.inDirectory(slotDir)).buckets(2).build();
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(kek).subjectKeys(first).build();
    byte[] kept = sealer.seal(READING, about("kept"));
    byte[] gone = sealer.seal(READING, about("gone"));
    byte[] before = ErasableKeySlot.inDirectory(slotDir).read().orElseThrow();
    first.forget("gone");

    SubjectKeys second = over(master, store, ErasableKeySlot.inDirectory(slotDir)).build();
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(kek).subjectKeys(second).build();
    assertArrayEquals(READING, opener.open(kept, about("kept")));
    assertThrows(WrongContextException.class, () -> opener.open(gone, about("gone")));
    // No file of the slot holds the slot's content from before the forget.
    try (Stream<Path> files = Files.list(slotDir)) {
      for (Path f : files.toList()) {
        assertFalse(contains(Files.readAllBytes(f), before), f.toString());
      }
    }
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    assertEquals(
        PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(slotDir));
    try (Stream<Path> files = Files.list(slotDir)) {
      for (Path f : files.toList()) {
        assertEquals(
            PosixFilePermissions.fromString("rw-------"),
            Files.getPosixFilePermissions(f),
            f.toString());
      }
    }
  }

  @Test
  void builder_refusesAnotherBucketCountThanTheSlots_andAWrongMasterKey() throws Exception {
    Setup s = new Setup(8);
    assertThrows(IllegalStateException.class, () -> s.reopen(16));
    Aead otherMaster = Fixtures.masterKey();
    // A wrong master key is a configuration error at start-up: unchecked, Tink's failure the cause.
    IllegalStateException wrong =
        assertThrows(IllegalStateException.class, () -> over(otherMaster, s.store, s.slot).build());
    assertTrue(wrong.getCause() instanceof GeneralSecurityException, String.valueOf(wrong));
    assertFalse(wrong.getMessage() != null && wrong.getMessage().contains("citizen"));
    // The wrong (empty) slot over a store with records: refused, not a new tree that would make
    // every record unreadable.
    s.sealer.seal(READING, about("citizen-1"));
    IllegalStateException lost =
        assertThrows(
            IllegalStateException.class,
            () -> over(s.master, s.store, ErasableKeySlot.inMemory()).buckets(8).build());
    assertTrue(lost.getMessage().contains("slot"), lost.getMessage());
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}

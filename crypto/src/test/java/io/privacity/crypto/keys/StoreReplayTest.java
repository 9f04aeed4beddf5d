package io.privacity.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.Aead;
import io.privacity.crypto.envelope.EncryptionContext;
import io.privacity.crypto.envelope.EnvelopeOpener;
import io.privacity.crypto.envelope.EnvelopeSealer;
import io.privacity.crypto.envelope.SubjectKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker who can write the store (not the slot) replays it: puts back the forgotten subject's
 * records from a copy taken before the forget and removes the store's memory of the erasure.
 * Nothing of the subject opens, and no record of the copy lets anyone seal under its old key.
 */
class StoreReplayTest {
  private static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private static EncryptionContext about(String s) {
    return EncryptionContext.of("subject", s, "purpose", "noise-complaints");
  }

  @Test
  void replayingTheStoreFromBeforeAForget_opensNothingOfTheForgottenSubject() throws Exception {
    Aead master = Keysets.aead(Keysets.generateMasterKeyset());
    LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
    SubjectKeys subjects = ForgetCrashTest.subjectKeys(master, dir);
    EnvelopeSealer sealer = EnvelopeSealer.builder().keys(kek).subjectKeys(subjects).build();
    byte[] gone = sealer.seal(READING, about("gone"));
    byte[] kept = sealer.seal(READING, about("kept"));
    Path store = dir.resolve("store");
    Path copy = Files.createDirectory(dir.resolve("store-copy"));
    for (Path f : list(store)) {
      Files.copy(f, copy.resolve(f.getFileName()));
    }
    subjects.forget("gone");

    // The replay: every record of the copy put back where none is now, every erasure mark removed.
    for (Path f : list(copy)) {
      Path target = store.resolve(f.getFileName());
      if (!Files.exists(target)) {
        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Path f : list(store)) {
      if (f.getFileName().toString().endsWith(".forgotten")) {
        Files.delete(f);
      }
    }
    SubjectKeys restarted = ForgetCrashTest.subjectKeys(master, dir);
    EnvelopeOpener opener = EnvelopeOpener.builder().keys(kek).subjectKeys(restarted).build();
    assertThrows(GeneralSecurityException.class, () -> opener.open(gone, about("gone")));
    EnvelopeSealer after = EnvelopeSealer.builder().keys(kek).subjectKeys(restarted).build();
    // The replayed record is under a destroyed bucket key: it cannot be used to seal either.
    // Sealing refuses too (unchecked: the subject's key record no longer opens).
    assertThrows(IllegalStateException.class, () -> after.seal(READING, about("gone")));
    assertArrayEquals(READING, opener.open(kept, about("kept")));
  }

  private static List<Path> list(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }
}

package io.privacity.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.privacity.crypto.envelope.EncryptionContext;
import io.privacity.crypto.envelope.EnvelopeOpener;
import io.privacity.crypto.envelope.EnvelopeSealer;
import io.privacity.crypto.envelope.SubjectKeys;
import io.privacity.crypto.envelope.WrongContextException;
import io.privacity.crypto.internal.FreshJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while it forgets subjects (a store of files, the key slot in a
 * directory): after a restart no kept subject has lost its key, every forget that returned holds,
 * the rest completes, and the slot's directory holds its three private files and no copy of the
 * slot as it was before the forgets.
 */
class ForgetCrashTest {
  private static final byte[] READING = "pm2.5=12.4".getBytes(StandardCharsets.UTF_8);
  private static final int SUBJECTS = 24;
  private static final int RUNS = 5;

  @TempDir Path root;

  private static EncryptionContext about(int i) {
    return EncryptionContext.of("subject", "c-" + i, "purpose", "noise-complaints");
  }

  /** The subject keys both processes use: files under {@code dir}. */
  static SubjectKeys subjectKeys(Aead master, Path dir) throws GeneralSecurityException {
    return SubjectKeys.builder()
        .masterKey(master)
        .store(new FileSubjectKeyStore(dir.resolve("store")))
        .keySlot(ErasableKeySlot.inDirectory(dir.resolve("slot")))
        .buckets(4)
        .build();
  }

  @Test
  void killedWhileForgetting_losesNoKeptKey_andTheRestartFinishesTheErasure() throws Exception {
    Random killAt = new Random(11); // when to kill: test timing only
    List<String> outcomes = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      Path dir = Files.createDirectories(root.resolve("run-" + run));
      KeysetHandle masterKeyset = Keysets.generateMasterKeyset();
      // Cleartext for the child to read: a test, not how a master key is kept.
      Files.write(
          dir.resolve("master.keyset"),
          TinkProtoKeysetFormat.serializeKeyset(masterKeyset, InsecureSecretKeyAccess.get()));
      Aead master = Keysets.aead(masterKeyset);
      LocalKeysetKekProvider kek = LocalKeysetKekProvider.generate();
      EnvelopeSealer sealer =
          EnvelopeSealer.builder().keys(kek).subjectKeys(subjectKeys(master, dir)).build();
      List<byte[]> envelopes = new ArrayList<>();
      for (int i = 0; i < SUBJECTS; i++) {
        envelopes.add(sealer.seal(READING, about(i)));
      }
      byte[] slotBefore = ErasableKeySlot.inDirectory(dir.resolve("slot")).read().orElseThrow();

      List<String> lines = killPartWay(dir, killAt.nextInt(250));
      Set<Integer> forgotten =
          lines.stream()
              .filter(l -> l.startsWith("forgot c-"))
              .map(l -> Integer.parseInt(l.substring("forgot c-".length())))
              .collect(Collectors.toSet());
      outcomes.add(forgotten.size() + (lines.contains("done") ? " (all)" : ""));

      SubjectKeys restarted = subjectKeys(master, dir);
      EnvelopeOpener opener = EnvelopeOpener.builder().keys(kek).subjectKeys(restarted).build();
      for (int i = 0; i < SUBJECTS; i++) {
        int j = i;
        if (i % 2 == 1) {
          assertArrayEquals(READING, opener.open(envelopes.get(i), about(i)), "kept c-" + i);
        } else if (forgotten.contains(i)) {
          assertTrue(restarted.isForgotten("c-" + i));
          assertThrows(WrongContextException.class, () -> opener.open(envelopes.get(j), about(j)));
        }
      }
      assertSlotFilesPrivateAndWithout(
          dir.resolve("slot"), forgotten.isEmpty() ? null : slotBefore);
      for (int i = 0; i < SUBJECTS; i += 2) {
        restarted.forget("c-" + i);
      }
      EnvelopeOpener last =
          EnvelopeOpener.builder().keys(kek).subjectKeys(subjectKeys(master, dir)).build();
      for (int i = 0; i < SUBJECTS; i++) {
        int j = i;
        if (i % 2 == 1) {
          assertArrayEquals(READING, last.open(envelopes.get(i), about(i)));
        } else {
          assertThrows(WrongContextException.class, () -> last.open(envelopes.get(j), about(j)));
        }
      }
      assertSlotFilesPrivateAndWithout(dir.resolve("slot"), slotBefore);
    }
    // Not asserted (it depends on the machine's speed), but shown when something else fails:
    // how many forgets each killed process had finished.
    assertEquals(RUNS, outcomes.size(), outcomes.toString());
  }

  /** Starts the child, lets it forget for {@code millis} after it is ready, and kills it. */
  private static List<String> killPartWay(Path dir, int millis) throws Exception {
    Process child =
        FreshJvm.start(ForgetCrashChild.class, dir.toString(), Integer.toString(SUBJECTS));
    List<String> lines = new CopyOnWriteArrayList<>();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                  if (l.equals("ready")) {
                    ready.countDown();
                  }
                }
              } catch (java.io.IOException e) {
                lines.add("reader: " + e);
              }
              ready.countDown();
            });
    reader.start();
    assertTrue(ready.await(2, TimeUnit.MINUTES), "child never got ready: " + lines);
    assertTrue(lines.contains("ready"), "child failed: " + lines);
    Thread.sleep(millis);
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
    child.waitFor();
    reader.join(TimeUnit.MINUTES.toMillis(1));
    return lines;
  }

  private static void assertSlotFilesPrivateAndWithout(Path slotDir, byte[] old) throws Exception {
    // Reading settles what a killed replacement left; then only the current copy remains.
    ErasableKeySlot.inDirectory(slotDir).read().orElseThrow();
    try (Stream<Path> files = Files.list(slotDir)) {
      List<Path> all = files.toList();
      assertEquals(
          Set.of("slot-0", "slot-1", "slot.lock"),
          all.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
      for (Path f : all) {
        if (slotDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          assertEquals(
              PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(f));
        }
        if (old != null) {
          assertFalse(contains(Files.readAllBytes(f), old), f + " holds the old slot");
        }
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}

package io.privacity.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both slots: replacement, erasure of the old content, and the directory slot's crash states. */
class ErasableKeySlotTest {
  @TempDir Path dir;

  private static byte[] content(int seed, int length) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b); // test data, not key material
    return b;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  private byte[] allFiles() throws Exception {
    byte[] a = Files.readAllBytes(dir.resolve("slot-0"));
    byte[] b = Files.readAllBytes(dir.resolve("slot-1"));
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  void inMemory_replacesAndRefusesEmptyContent() {
    ErasableKeySlot s = ErasableKeySlot.inMemory();
    assertTrue(s.read().isEmpty());
    s.replace(content(1, 64));
    s.replace(content(2, 64));
    assertArrayEquals(content(2, 64), s.read().orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> s.replace(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> s.replace(null));
  }

  @Test
  void directory_replacementLeavesOnlyTheNewContentInItsFiles() throws Exception {
    ErasableKeySlot s = ErasableKeySlot.inDirectory(dir);
    assertTrue(s.read().isEmpty());
    byte[] previous = null;
    for (int i = 0; i < 5; i++) {
      byte[] next = content(i, 4096 + 100 * i * (i % 2 == 0 ? 1 : -1) + 500);
      s.replace(next);
      assertArrayEquals(next, ErasableKeySlot.inDirectory(dir).read().orElseThrow());
      byte[] files = allFiles();
      assertTrue(contains(files, next));
      if (previous != null) {
        assertFalse(contains(files, Arrays.copyOf(previous, 64)), "old content left at " + i);
      }
      previous = next;
    }
    assertThrows(IllegalArgumentException.class, () -> s.replace(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> ErasableKeySlot.inDirectory(null));
  }

  @Test
  void directory_crashAfterWritingTheNewCopy_keepsTheNewer_andErasesTheOlder() throws Exception {
    ErasableKeySlot s = ErasableKeySlot.inDirectory(dir);
    s.replace(content(1, 300));
    byte[] first = Files.readAllBytes(dir.resolve("slot-0"));
    s.replace(content(2, 300));
    // Simulate a crash between writing the new copy and erasing the old: put the old one back.
    Files.write(dir.resolve("slot-0"), first);
    ErasableKeySlot after = ErasableKeySlot.inDirectory(dir);
    assertArrayEquals(content(2, 300), after.read().orElseThrow());
    assertEquals(0, Files.size(dir.resolve("slot-0")));
  }

  @Test
  void directory_tornCopy_isIgnoredAndErased_bothTorn_isAnError() throws Exception {
    ErasableKeySlot s = ErasableKeySlot.inDirectory(dir);
    s.replace(content(1, 300));
    byte[] good = Files.readAllBytes(dir.resolve("slot-0"));
    // A crash while writing the next copy leaves a prefix of it in the other file.
    Files.write(dir.resolve("slot-1"), Arrays.copyOf(content(9, 400), 200));
    assertArrayEquals(content(1, 300), s.read().orElseThrow());
    assertEquals(0, Files.size(dir.resolve("slot-1")));

    byte[] torn = good.clone();
    torn[torn.length / 2] ^= 1;
    Files.write(dir.resolve("slot-0"), torn);
    Files.write(dir.resolve("slot-1"), torn);
    assertThrows(UncheckedIOException.class, s::read);
    assertThrows(UncheckedIOException.class, () -> s.replace(content(3, 10)));
  }

  @Test
  void directory_onAnInterruptedThread_stillReplacesAndReads_andKeepsTheInterrupt() {
    ErasableKeySlot s = ErasableKeySlot.inDirectory(dir);
    s.replace(content(1, 300));
    Thread.currentThread().interrupt();
    try {
      s.replace(content(2, 300));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt must be kept");
      assertArrayEquals(content(2, 300), s.read().orElseThrow());
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt must be kept");
      ErasableKeySlot.inDirectory(dir.resolve("new"));
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void directory_interruptedWhileReplacing_neverFails_andLeavesOneCopy() throws Exception {
    ErasableKeySlot s = ErasableKeySlot.inDirectory(dir);
    int rounds = 300;
    AtomicInteger done = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < rounds; i++) {
                try {
                  s.replace(content(i, 2000 + i));
                  Thread.interrupted();
                  if (!Arrays.equals(content(i, 2000 + i), s.read().orElseThrow())) {
                    failures.add(new AssertionError("read another content at " + i));
                  }
                } catch (RuntimeException e) {
                  failures.add(e);
                }
                Thread.interrupted();
                done.set(i + 1);
              }
            });
    writer.start();
    Random jitter = new Random(7); // test timing only
    while (writer.isAlive()) {
      writer.interrupt();
      Thread.sleep(0, jitter.nextInt(200_000));
    }
    writer.join();
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " of " + rounds + " failed", failures.get(0));
    }
    assertEquals(rounds, done.get());
    assertArrayEquals(content(rounds - 1, 2000 + rounds - 1), s.read().orElseThrow());
    assertFalse(contains(allFiles(), Arrays.copyOf(content(rounds - 2, 2000 + rounds - 2), 64)));
  }

  @Test
  void directory_anExistingOpenDirectory_isMadePrivate_andASymlinkedSlotFileRefused()
      throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    // A directory created beforehand by a deployment script with a lax umask: anyone who can
    // write it could swap in slot files of their own and keep every version written to them.
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    ErasableKeySlot.inDirectory(open).replace(content(1, 100));
    assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(open));

    Path planted = Files.createDirectory(dir.resolve("planted"));
    Path elsewhere = Files.createFile(dir.resolve("elsewhere"));
    Files.createSymbolicLink(planted.resolve("slot-1"), elsewhere);
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> ErasableKeySlot.inDirectory(planted));
    assertTrue(e.getCause().getMessage().contains("symbolic link"), e.getCause().getMessage());
  }
}

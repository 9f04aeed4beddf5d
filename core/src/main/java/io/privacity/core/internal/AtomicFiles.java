package io.privacity.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a crash or a failure leaves either the old file or the new one, never a
 * partial one: the bytes go to a temporary file in the target's directory, are forced to disk, and
 * the temporary file is renamed over (or, for files that must not be replaced, to) the target.
 *
 * <p>Internal to Privacity: not part of the public API, may change without notice.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes a new file readable by its owner only (0600 where the file system has POSIX
   * permissions), for secret keys. Refuses to replace an existing file: losing a key is losing
   * data.
   *
   * @param target the file to create
   * @param content its bytes
   * @throws FileAlreadyExistsException if {@code target} exists
   * @throws IOException if writing fails; then {@code target} does not exist
   */
  public static void writePrivateNew(Path target, byte[] content) throws IOException {
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "refusing to replace a key");
    }
    Path temp = temp(target, true);
    try {
      fill(temp, content);
      // No REPLACE_EXISTING: a file that appeared meanwhile is not overwritten.
      Files.move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(target);
  }

  /**
   * Writes a file, replacing any existing one atomically, with the default permissions.
   *
   * @param target the file
   * @param content its bytes
   * @throws IOException if writing fails; then {@code target} is unchanged
   */
  public static void writeReplacing(Path target, byte[] content) throws IOException {
    Path temp = temp(target, false);
    try {
      fill(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(target);
  }

  private static Path temp(Path target, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + ".";
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    if (posix) {
      FileAttribute<?> perms =
          PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
      return Files.createTempFile(dir, prefix, ".tmp", perms);
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }

  private static void fill(Path temp, byte[] content) throws IOException {
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /** Makes the rename durable. Best effort: some platforms cannot open a directory. */
  private static void syncDirectory(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not supported here (e.g. Windows); the file system's journal is all we get.
    }
  }
}

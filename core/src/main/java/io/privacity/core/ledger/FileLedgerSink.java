package io.privacity.core.ledger;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@link LedgerSink#file(Path)}: a locked file, every append forced to disk, readable and writable
 * by its owner only (mode 0600 on POSIX file systems).
 *
 * <p>Reads and writes go through {@link RandomAccessFile}'s own methods, never through an NIO
 * channel: a {@link FileChannel} is closed for good when a thread is interrupted during an
 * operation on it, which would leave the ledger unusable for every later caller (and the
 * interrupted operation, e.g. an erasure, unrecorded). The channel serves only to take the lock.
 */
final class FileLedgerSink implements LedgerSink {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path path;
  private final RandomAccessFile file;
  private final FileLock lock;

  private FileLedgerSink(Path path, RandomAccessFile file, FileLock lock) {
    this.path = path;
    this.file = file;
    this.lock = lock;
  }

  static FileLedgerSink open(Path path) throws IOException {
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    boolean created = false;
    if (!Files.exists(path)) {
      try {
        // Created owner-only in one step (no window in which the umask's permissions apply).
        if (posix) {
          Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
          Files.createFile(path);
        }
        created = true;
      } catch (FileAlreadyExistsException raced) {
        // Another process created it first: open theirs (the lock below decides who writes).
      }
    }
    RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
    FileLock lock;
    try {
      lock = file.getChannel().tryLock();
    } catch (OverlappingFileLockException e) {
      file.close();
      throw new IllegalStateException("ledger file " + path + " is already open in this JVM", e);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
    if (lock == null) {
      file.close();
      throw new IllegalStateException("ledger file " + path + " is locked by another process");
    }
    try {
      if (posix) {
        // A file that existed before (e.g. written by an earlier version) is tightened too.
        Files.setPosixFilePermissions(path, OWNER_ONLY);
      }
      if (created) {
        file.getFD().sync();
        syncDirectory(path);
      }
    } catch (IOException | RuntimeException e) {
      file.close(); // releases the lock
      throw e;
    }
    return new FileLedgerSink(path, file, lock);
  }

  /**
   * Makes a new file's directory entry durable. Best effort: some platforms (Windows) cannot open a
   * directory as a channel; there the file system's own journaling is all we get.
   */
  private static void syncDirectory(Path path) {
    Path dir = path.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not supported here; see the method comment.
    }
  }

  @Override
  public void append(byte[] bytes) throws IOException {
    file.seek(file.length());
    file.write(bytes);
    // fsync(2): data and metadata (the file's new length is what makes the bytes reachable).
    file.getFD().sync();
  }

  @Override
  public byte[] readAll() throws IOException {
    long size = file.length();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("ledger file " + path + " exceeds 2 GiB (" + size + " bytes)");
    }
    byte[] out = new byte[(int) size];
    file.seek(0);
    file.readFully(out);
    return out;
  }

  @Override
  public long size() throws IOException {
    return file.length();
  }

  @Override
  public void truncate(long size) throws IOException {
    file.setLength(size);
    file.getFD().sync();
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      file.close();
    }
  }

  @Override
  public String toString() {
    return "LedgerSink.file(" + path + ")";
  }
}

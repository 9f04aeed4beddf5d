package io.privacity.core.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@link LedgerSink#file(Path)}: a locked file, every append forced to disk, readable and writable
 * by its owner only (mode 0600 on POSIX file systems).
 */
final class FileLedgerSink implements LedgerSink {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private FileLedgerSink(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  static FileLedgerSink open(Path path) throws IOException {
    boolean created = !Files.exists(path);
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    // Created owner-only in one step (no window in which the umask's permissions apply).
    FileChannel channel =
        posix
            ? FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : FileChannel.open(path, options);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new IllegalStateException("ledger file " + path + " is already open in this JVM", e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("ledger file " + path + " is locked by another process");
    }
    if (posix) {
      try {
        // A file that existed before (e.g. written by an earlier version) is tightened too.
        Files.setPosixFilePermissions(path, OWNER_ONLY);
      } catch (IOException | RuntimeException e) {
        lock.release();
        channel.close();
        throw e;
      }
    }
    if (created) {
      channel.force(true);
      syncDirectory(path);
    }
    return new FileLedgerSink(path, channel, lock);
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
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long position = channel.size();
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    // Metadata too: the file's new length is what makes the appended bytes reachable.
    channel.force(true);
  }

  @Override
  public byte[] readAll() throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("ledger file " + path + " exceeds 2 GiB (" + size + " bytes)");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    buffer.flip();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public void truncate(long size) throws IOException {
    channel.truncate(size);
    channel.force(true);
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "LedgerSink.file(" + path + ")";
  }
}

package io.privacity.crypto.keys;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link ErasableKeySlot#inDirectory(Path)}: two copies, the older overwritten with zeros in place
 * once the newer is durable. Each file is {@code magic "PVSL" (4) ‖ version 1 (1) ‖ sequence (8) ‖
 * length (4) ‖ content ‖ SHA-256 of the preceding bytes (32)}, or empty. The checksum tells a
 * complete copy from one a crash cut short; it is not a security measure (the content is ciphertext
 * under the master key).
 *
 * <p>All file I/O goes through {@link RandomAccessFile} and {@link FileChannel#tryLock}, which an
 * interrupt of the calling thread does not break off: NIO channels would close themselves on an
 * interrupt and leave a replacement half done (a forget on an interrupted thread always failed).
 */
final class DirectoryKeySlot implements ErasableKeySlot {
  private static final byte[] MAGIC = {'P', 'V', 'S', 'L'};
  private static final int VERSION = 1;
  private static final int HEADER = 4 + 1 + 8 + 4;
  private static final int HASH = 32;
  private static final int MAX_CONTENT = 64 << 20;
  private static final long LOCK_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  /** One complete copy: which file holds it, its sequence number and content. */
  private record Copy(int file, long sequence, byte[] content) {}

  private final Path directory;
  private final Path[] files;
  private final Path lockFile;
  private final boolean posix;

  DirectoryKeySlot(Path directory) {
    if (directory.getFileSystem() != FileSystems.getDefault()) {
      throw new IllegalArgumentException(
          "directory must be on the default file system (a disk), got one on "
              + directory.getFileSystem());
    }
    this.directory = directory;
    this.files = new Path[] {directory.resolve("slot-0"), directory.resolve("slot-1")};
    this.lockFile = directory.resolve("slot.lock");
    this.posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (!Files.isDirectory(directory)) {
        if (posix) {
          Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
          Files.createDirectories(directory);
        }
      } else if (posix) {
        // An existing directory is narrowed too: whoever can write it could swap in slot files of
        // their own and keep every version written to them.
        Files.setPosixFilePermissions(directory, OWNER_DIR);
      }
      boolean created = false;
      for (Path p : new Path[] {files[0], files[1], lockFile}) {
        created |= createPrivate(p);
      }
      if (created) {
        syncDirectory();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the key slot's files", e);
    }
  }

  static void requireContent(byte[] content) {
    if (content == null || content.length == 0) {
      throw new IllegalArgumentException(
          "content must be 1 or more bytes, got " + (content == null ? "null" : "0 bytes"));
    }
    if (content.length > MAX_CONTENT) {
      throw new IllegalArgumentException(
          "content must be at most " + MAX_CONTENT + " bytes, got " + content.length);
    }
  }

  @Override
  public synchronized Optional<byte[]> read() {
    try (RandomAccessFile held = exclusive()) {
      Copy current = settle();
      return current == null ? Optional.empty() : Optional.of(current.content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key slot", e);
    }
  }

  @Override
  public synchronized void replace(byte[] content) {
    requireContent(content);
    try (RandomAccessFile held = exclusive()) {
      Copy current = settle();
      int target = current == null ? 0 : 1 - current.file;
      long sequence = current == null ? 1 : current.sequence + 1;
      byte[] encoded = encode(sequence, content);
      try {
        overwrite(files[target], encoded);
      } finally {
        Arrays.fill(encoded, (byte) 0);
      }
      if (current != null) {
        overwrite(files[current.file], new byte[0]);
        Arrays.fill(current.content, (byte) 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the key slot", e);
    }
  }

  @Override
  public String toString() {
    return "ErasableKeySlot.inDirectory(" + directory + ")";
  }

  /**
   * Opens and locks the lock file (closing the returned file releases the lock). Polls {@link
   * FileChannel#tryLock}, which, unlike {@link FileChannel#lock}, an interrupt does not abort; the
   * lock is contended only by another process using the same directory.
   */
  private RandomAccessFile exclusive() throws IOException {
    RandomAccessFile f = open(lockFile, "rw");
    try {
      while (true) {
        FileLock held;
        try {
          held = f.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
          throw new IllegalStateException(
              "the key slot's directory is in use by another slot object in this JVM", e);
        }
        if (held != null) {
          return f;
        }
        LockSupport.parkNanos(LOCK_RETRY_NANOS);
      }
    } catch (IOException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  /** Opens one of the slot's files, which must exist (so it is never created with default mode). */
  private static RandomAccessFile open(Path file, String mode) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "a key slot file is missing");
    }
    return new RandomAccessFile(file.toFile(), mode);
  }

  private static byte[] readAll(Path file) throws IOException {
    try (RandomAccessFile f = open(file, "r")) {
      long n = f.length();
      if (n > HEADER + MAX_CONTENT + HASH) {
        throw new IOException("key slot file " + file + " is too large: " + n + " bytes");
      }
      byte[] b = new byte[(int) n];
      f.readFully(b);
      return b;
    }
  }

  /**
   * Returns the current copy, erasing what an interrupted replacement left behind: an older
   * complete copy, or the torn remains of one.
   */
  private Copy settle() throws IOException {
    byte[][] raw = {readAll(files[0]), readAll(files[1])};
    Copy a = parse(0, raw[0]);
    Copy b = parse(1, raw[1]);
    Copy current = a == null ? b : b == null ? a : a.sequence > b.sequence ? a : b;
    if (current == null) {
      if (raw[0].length > 0 || raw[1].length > 0) {
        throw new IOException("key slot holds no complete copy (both files are damaged)");
      }
      return null;
    }
    int other = 1 - current.file;
    if (raw[other].length > 0) {
      // The copy kept must be on the device before the other is erased: a replacement cut short
      // after its write but before its force leaves a complete copy that may be only in the cache.
      try (RandomAccessFile f = open(files[current.file], "rw")) {
        f.getFD().sync();
      }
      overwrite(files[other], new byte[0]);
    }
    Arrays.fill(raw[other], (byte) 0);
    return current;
  }

  private static Copy parse(int file, byte[] b) {
    if (b.length < HEADER + HASH
        || !Arrays.equals(b, 0, 4, MAGIC, 0, 4)
        || b[4] != VERSION
        || !MessageDigest.isEqual(
            Arrays.copyOfRange(b, b.length - HASH, b.length), sha256(b, b.length - HASH))) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    long sequence = buf.getLong(5);
    int length = buf.getInt(13);
    if (length != b.length - HEADER - HASH) {
      return null;
    }
    return new Copy(file, sequence, Arrays.copyOfRange(b, HEADER, HEADER + length));
  }

  private static byte[] encode(long sequence, byte[] content) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + content.length + HASH);
    buf.put(MAGIC).put((byte) VERSION).putLong(sequence).putInt(content.length).put(content);
    byte[] out = buf.array();
    System.arraycopy(sha256(out, HEADER + content.length), 0, out, HEADER + content.length, HASH);
    return out;
  }

  /**
   * Writes {@code bytes} over the start of the file, zeros over the rest of its old length, forces
   * both to the device, and only then truncates: the old bytes are overwritten in place rather than
   * released as free blocks.
   */
  private static void overwrite(Path file, byte[] bytes) throws IOException {
    try (RandomAccessFile f = open(file, "rw")) {
      long old = f.length();
      f.seek(0);
      f.write(bytes);
      byte[] zeros = new byte[8192];
      for (long pos = bytes.length; pos < old; pos += zeros.length) {
        f.write(zeros, 0, (int) Math.min(zeros.length, old - pos));
      }
      f.getFD().sync();
      if (old > bytes.length) {
        f.setLength(bytes.length);
        f.getFD().sync();
      }
    }
  }

  private boolean createPrivate(Path p) throws IOException {
    if (Files.isSymbolicLink(p)) {
      throw new IOException("key slot file " + p + " is a symbolic link; it must be a plain file");
    }
    boolean created = false;
    try {
      if (posix) {
        Files.createFile(p, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      } else {
        Files.createFile(p);
      }
      created = true;
    } catch (FileAlreadyExistsException exists) {
      // Reopened: keep the content, narrow the permissions below.
    }
    if (posix) {
      Files.setPosixFilePermissions(p, OWNER_FILE);
    }
    return created;
  }

  private void syncDirectory() {
    // Only a channel can force a directory; keep an interrupt from closing it midway.
    boolean interrupted = Thread.interrupted();
    try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory as a channel; the files were forced themselves.
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static byte[] sha256(byte[] b, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}

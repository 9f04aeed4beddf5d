package io.privacity.crypto.pseudonym;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The vault's erasable key storage: a small file of fixed 512-byte cells that are overwritten in
 * place and forced to the device ({@code fdatasync}) before a call returns, or a byte array for an
 * in-memory store. A cell holds a generation number and one wrapped secret; {@link BucketKeys}
 * decides what goes where. Overwriting a cell is the one physical erasure the vault relies on:
 * every other byte it writes (in H2 or PostgreSQL) is encrypted under secrets held only here.
 *
 * <p>A cell is 512 bytes at a 512-byte offset, so a device with atomic sector writes never tears
 * it; a torn cell is still handled (it fails to decrypt and its twin is used, see {@link
 * BucketKeys}). The file is created owner-read/write only (0600) and locked for the life of the
 * store, so one process at a time uses it.
 */
final class KeyFile implements AutoCloseable {
  /** Bytes per cell. */
  static final int CELL = 512;

  /** Largest payload of a cell: the cell less its generation (8 bytes) and length (2 bytes). */
  static final int MAX_PAYLOAD = CELL - 10;

  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rw-------");

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  private byte[] memory;

  private KeyFile(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.memory = channel == null ? new byte[0] : null;
  }

  /** A cell's decoded content: its generation and payload; generation 0 is an empty cell. */
  record Cell(long generation, byte[] payload) {
    boolean isEmpty() {
      return generation == 0;
    }
  }

  /**
   * Opens (creating it 0600 if absent) and locks {@code path}.
   *
   * @throws IllegalStateException if another store holds the file, or it cannot be opened
   */
  static KeyFile open(Path path) {
    try {
      createPrivate(path);
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        throw new IllegalStateException(
            "the vault key file "
                + path.getFileName()
                + " is in use by another store; one store (one process) may use it at a time");
      }
      return new KeyFile(path, ch, lock);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot open the vault key file " + path.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** A key "file" in this process's memory, for in-memory stores. */
  static KeyFile inMemory() {
    return new KeyFile(null, null, null);
  }

  /** Creates {@code path} with mode 0600 (atomically, never readable by others), if absent. */
  static void createPrivate(Path path) throws IOException {
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (FileAlreadyExistsException e) {
      // Opened again: keep it, and keep it private.
      Files.setPosixFilePermissions(path, PRIVATE);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory's access control applies.
      try {
        Files.createFile(path);
      } catch (FileAlreadyExistsException ignored) {
        // Opened again.
      }
    }
  }

  /** Whether the file holds no cell yet (new). */
  synchronized boolean isEmpty() {
    return size() == 0;
  }

  synchronized long size() {
    if (channel == null) {
      return memory.length;
    }
    try {
      return channel.size();
    } catch (IOException e) {
      throw failure("read", e);
    }
  }

  /** Reads cell {@code index}; beyond the end of the file it is empty. */
  synchronized Cell read(int index) {
    byte[] raw = new byte[CELL];
    long at = (long) index * CELL;
    if (channel == null) {
      if (at + CELL <= memory.length) {
        System.arraycopy(memory, (int) at, raw, 0, CELL);
      }
    } else {
      try {
        ByteBuffer b = ByteBuffer.wrap(raw);
        while (b.hasRemaining()) {
          if (channel.read(b, at + b.position()) < 0) {
            break;
          }
        }
      } catch (IOException e) {
        throw failure("read", e);
      }
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    long generation = b.getLong();
    int length = Short.toUnsignedInt(b.getShort());
    if (generation == 0 || length > MAX_PAYLOAD) {
      return new Cell(0, new byte[0]);
    }
    return new Cell(generation, Arrays.copyOfRange(raw, 10, 10 + length));
  }

  /**
   * Overwrites cell {@code index} with {@code generation} and {@code payload} (or zeros, for
   * generation 0). Not durable until {@link #sync()}.
   */
  synchronized void write(int index, long generation, byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalStateException(
          "a key file cell holds at most " + MAX_PAYLOAD + " bytes, got " + payload.length);
    }
    ByteBuffer b = ByteBuffer.allocate(CELL);
    if (generation != 0) {
      b.putLong(generation).putShort((short) payload.length).put(payload);
    }
    byte[] raw = b.array();
    long at = (long) index * CELL;
    if (channel == null) {
      if (at + CELL > memory.length) {
        memory = Arrays.copyOf(memory, (int) (at + CELL));
      }
      System.arraycopy(raw, 0, memory, (int) at, CELL);
      return;
    }
    try {
      ByteBuffer w = ByteBuffer.wrap(raw);
      while (w.hasRemaining()) {
        channel.write(w, at + w.position());
      }
    } catch (IOException e) {
      throw failure("write", e);
    }
  }

  /** Erases cell {@code index} (zeros). Not durable until {@link #sync()}. */
  void erase(int index) {
    write(index, 0, new byte[0]);
  }

  /** Forces written cells to the storage device. */
  synchronized void sync() {
    if (channel == null) {
      return;
    }
    try {
      channel.force(false);
    } catch (IOException e) {
      throw failure("sync", e);
    }
  }

  private UncheckedIOException failure(String what, IOException e) {
    return new UncheckedIOException(
        "cannot " + what + " the vault key file " + path.getFileName() + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    if (channel == null) {
      if (memory != null) {
        Arrays.fill(memory, (byte) 0);
        memory = null;
      }
      return;
    }
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw failure("close", e);
    }
  }

  @Override
  public String toString() {
    return path == null ? "KeyFile[memory]" : "KeyFile[" + path.getFileName() + "]";
  }
}

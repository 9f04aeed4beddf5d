package io.privacity.core.ledger;

import io.privacity.core.internal.Checks;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a {@link TransparencyLedger} keeps its lines: an append-only byte log.
 *
 * <p>The ledger writes whole lines (UTF-8 JSON ending in {@code '\n'}) and reads everything back to
 * verify it. A sink need not understand the format; it must only store bytes durably and in order.
 * Implementations need not be thread-safe: the ledger serialises its calls.
 */
public interface LedgerSink extends Closeable {

  /**
   * A sink in memory, for tests and short-lived processes; lost when the process ends.
   *
   * @return an empty in-memory sink
   */
  static LedgerSink inMemory() {
    return new InMemoryLedgerSink();
  }

  /**
   * A JSON-lines file, created if absent. Each {@link #append(byte[])} is forced to the storage
   * device ({@code FileChannel.force}) before it returns. The file is locked against other
   * processes while open. On POSIX file systems the file is readable and writable by its owner only
   * (0600): it is created so, and an existing file's permissions are narrowed to that when it is
   * opened (give auditors a copy, checked with {@link TransparencyLedger#verifyCopy}).
   *
   * @param path the ledger file
   * @return the sink
   * @throws IOException if the file cannot be opened
   * @throws IllegalStateException if another process (or another sink in this JVM) holds it
   * @throws IllegalArgumentException if {@code path} is null
   */
  static LedgerSink file(Path path) throws IOException {
    return FileLedgerSink.open(Checks.notNull("path", path));
  }

  /**
   * Appends bytes at the end, durably: when this returns, they survive a crash. If it throws, a
   * prefix of the bytes may have been stored.
   *
   * @param bytes the bytes, one or more complete lines
   * @throws IOException if writing or syncing fails
   */
  void append(byte[] bytes) throws IOException;

  /**
   * Everything stored so far, as it is now on the medium (so changes made behind the ledger's back
   * are seen).
   *
   * @return a copy of the stored bytes
   * @throws IOException if reading fails or the log exceeds 2 GiB
   */
  byte[] readAll() throws IOException;

  /**
   * The number of bytes stored.
   *
   * @return the size in bytes
   * @throws IOException if it cannot be determined
   */
  long size() throws IOException;

  /**
   * Durably discards everything from byte {@code size} on. Used only to undo a failed append and by
   * {@link TransparencyLedger#repairTornTail()}.
   *
   * @param size the new size, at most {@link #size()}
   * @throws IOException if truncating or syncing fails
   */
  void truncate(long size) throws IOException;
}

package io.privacity.crypto.keys;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A small place that can <em>really</em> forget: it holds one byte string (a few tens of KiB: the
 * root of {@code SubjectKeys}' key tree, encrypted under the master key) and, when {@link #replace}
 * returns, the new content is durable and the previous content is physically gone.
 *
 * <p>Crypto-shredding needs one such place. If everything a system ever wrote survived (deleted
 * rows in dead tuples, WAL, backups) and every key that still exists were handed to an attacker,
 * nothing could be erased: whatever opened a subject's data before would open it still. Boneh and
 * Lipton ("A revocable backup system", USENIX Security 1996) showed that a small erasable memory
 * suffices when everything else is encrypted under keys kept in it; this interface is that memory.
 * The bulk of the keys lives in a {@link SubjectKeyStore}, which need not erase.
 *
 * <p><b>Contract.</b> {@link #read} returns exactly the bytes last given to {@link #replace} (a
 * holder of the slot compares them with what it wrote, to notice another writer). {@link #replace}
 * must be atomic (after a crash, {@link #read} returns the old or the new content, never a mix) and
 * must not return before the old content is unrecoverable from the medium and from every copy the
 * implementation made. <b>Never back a slot up</b>: a copy of an old slot restores every key it
 * held. Suitable media: an HSM or KMS object that is destroyed on replacement, a TPM NV index, or
 * {@link #inDirectory} on a file system that overwrites data in place.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ErasableKeySlot {
  /**
   * Returns the current content.
   *
   * @return the content, or empty if nothing was ever stored
   * @throws java.io.UncheckedIOException if the medium cannot be read
   */
  Optional<byte[]> read();

  /**
   * Durably stores new content and physically erases the previous content.
   *
   * @param content the new content, 1 byte or more
   * @throws java.io.UncheckedIOException if the medium cannot be written
   * @throws IllegalArgumentException if {@code content} is null or empty
   */
  void replace(byte[] content);

  /**
   * Returns a slot in this process's memory only: erasure is as good as the JVM's (the previous
   * array is zeroed), and the content is lost when the process ends. For tests and for data that
   * must not outlive the process.
   *
   * @return a new, empty slot
   */
  static ErasableKeySlot inMemory() {
    return new InMemoryKeySlot();
  }

  /**
   * Returns a slot kept in two files, {@code slot-0} and {@code slot-1}, in {@code directory}
   * (created owner-only, mode 0700, or narrowed to 0700 if it exists; the files are 0600 and must
   * not be symbolic links). Each replacement writes the new content, with a sequence number and a
   * SHA-256 checksum, into the file not holding the current content, forces it to the device, then
   * overwrites the other file with zeros in place, forces that, and truncates it. A crash leaves at
   * least one complete copy; {@link #read} finishes an interrupted replacement. An interrupt of the
   * calling thread does not break a read or a replacement off (the thread's interrupt status is
   * kept).
   *
   * <p><b>Warning:</b> the old content is gone from the device only if the file system and device
   * overwrite in place: ext4 and XFS do for data blocks (ext4 with {@code data=journal} keeps a
   * copy in the journal until it is reused); copy-on-write file systems (btrfs, ZFS, APFS) and
   * snapshots keep old blocks; SSDs may keep remapped blocks until they are trimmed. Where that
   * cannot be ruled out, put the directory on an encrypted volume whose key can be destroyed, or
   * implement this interface on an HSM.
   *
   * @param directory where the two files live
   * @return the slot
   * @throws IllegalArgumentException if {@code directory} is null or not on the default file system
   * @throws java.io.UncheckedIOException if the directory or files cannot be created
   */
  static ErasableKeySlot inDirectory(Path directory) {
    if (directory == null) {
      throw new IllegalArgumentException("directory must be non-null, got null");
    }
    return new DirectoryKeySlot(directory);
  }
}
